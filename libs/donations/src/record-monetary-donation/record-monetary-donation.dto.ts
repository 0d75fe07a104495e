import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { FUND_ID_PATTERN, MAX_AMOUNT_CENTS, MIN_AMOUNT_CENTS } from '@fund/funds';
import { DonationBasicsDto } from '../donation.dto';
import { ScreenedText } from '@fund/privacy';

export class RecordMonetaryDonationDto extends DonationBasicsDto {
  @ApiProperty({ example: 'general', pattern: FUND_ID_PATTERN.source })
  @IsString()
  @Matches(FUND_ID_PATTERN, { message: 'fundId must be a fund slug' })
  @ScreenedText('label')
  readonly fundId!: string;

  @ApiProperty({ type: 'integer', example: 25_000, minimum: MIN_AMOUNT_CENTS, maximum: MAX_AMOUNT_CENTS, description: 'integer cents' })
  @IsInt()
  @Min(MIN_AMOUNT_CENTS)
  @Max(MAX_AMOUNT_CENTS)
  readonly amountCents!: number;

  @ApiProperty({ description: 'true when the donor limited what the money may pay for; it must go to a restricted fund' })
  @IsBoolean()
  readonly restricted!: boolean;
}
