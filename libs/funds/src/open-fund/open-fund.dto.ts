import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsString, Length, Matches } from 'class-validator';
import { FUND_ID_PATTERN } from '../fund.decider';
import { ScreenedText } from '@fund/privacy';

export class OpenFundDto {
  @ApiProperty({ example: 'general', pattern: FUND_ID_PATTERN.source, description: 'slug chosen by the coordinator' })
  @IsString()
  @Matches(FUND_ID_PATTERN, { message: 'fundId must be a slug: lowercase letters, digits and dashes, 2-63 characters' })
  @ScreenedText('label')
  readonly fundId!: string;

  @ApiProperty({ example: 'General donations', minLength: 1, maxLength: 120 })
  @IsString()
  @Length(1, 120)
  // A label for a pool of money; control characters have no place in it.
  @Matches(/^[^\p{Cc}]+$/u, { message: 'name must not contain control characters' })
  @ScreenedText('label')
  readonly name!: string;

  @ApiProperty({ description: 'true for a pool that only takes restricted money, such as a grant' })
  @IsBoolean()
  readonly restricted!: boolean;
}
