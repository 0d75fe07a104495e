import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { ScreenedText } from '@fund/privacy';
import { EIN_PATTERN, PAYEE_ID_PATTERN } from '../payee.decider';
import { PAYEE_KINDS, type PayeeKind } from '../payee.events';

/** A business or an agency the fund pays: never a person, so no field asks for a person's details. */
export class RegisterPayeeDto {
  @ApiProperty({ example: 'maine-motel-llc', pattern: PAYEE_ID_PATTERN.source, description: 'slug chosen by the coordinator' })
  @IsString()
  @Matches(PAYEE_ID_PATTERN, { message: 'payeeId must be a slug: lowercase letters, digits and dashes, 2-63 characters' })
  @ScreenedText('label')
  readonly payeeId!: string;

  @ApiProperty({ example: 'Maine Motel LLC', minLength: 1, maxLength: 120, description: 'the business or agency as it invoices' })
  @IsString()
  @Length(1, 120)
  @Matches(/^[^\p{Cc}]+$/u, { message: 'name must not contain control characters' })
  @ScreenedText('label')
  readonly name!: string;

  @ApiProperty({ enum: PAYEE_KINDS, description: 'businesses and agencies only; a survivor is never a payee' })
  @IsIn(PAYEE_KINDS, { message: `kind must be one of: ${PAYEE_KINDS.join(', ')}` })
  readonly kind!: PayeeKind;

  @ApiPropertyOptional({ type: 'string', nullable: true, example: '12-3456789', description: 'employer identification number (EIN), NN-NNNNNNN' })
  @IsOptional()
  @IsString()
  @Matches(EIN_PATTERN, { message: 'taxId must be an EIN written NN-NNNNNNN' })
  @ScreenedText('label')
  readonly taxId?: string | null;
}
