import { ApiProperty } from '@nestjs/swagger';
import { IsIn, Matches } from 'class-validator';
import { COUNTIES, PROVIDER_TYPES, SLUG, type County, type ProviderType } from '../vocabulary';
import { ScreenedText } from '@fund/privacy';

export class RegisterOrganizationDto {
  @ApiProperty({ example: 'ssac-portland', description: 'The id member agency tokens carry as their organization' })
  @Matches(SLUG, { message: 'organizationId must be 2-63 lowercase letters, digits or dashes' })
  @ScreenedText('label')
  organizationId!: string;

  @ApiProperty({ enum: PROVIDER_TYPES })
  @IsIn(PROVIDER_TYPES, { message: `providerType must be one of: ${PROVIDER_TYPES.join(', ')}` })
  providerType!: ProviderType;

  @ApiProperty({ enum: COUNTIES, description: 'The county the agency mainly serves; never finer than a county' })
  @IsIn(COUNTIES, { message: `county must be one of: ${COUNTIES.join(', ')}` })
  county!: County;
}
