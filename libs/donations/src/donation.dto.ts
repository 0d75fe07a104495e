import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Matches } from 'class-validator';
import { DATE_PATTERN, DONOR_REFERENCE_PATTERN } from './donation.decider';
import { DONOR_KINDS, type DonorKind } from './donation.events';
import { ScreenedText } from '@fund/privacy';

/** Who gave and when: the part every donation has. */
export abstract class DonationBasicsDto {
  @ApiProperty({ enum: DONOR_KINDS })
  @IsIn(DONOR_KINDS)
  readonly donorKind!: DonorKind;

  @ApiPropertyOptional({ type: String, nullable: true, pattern: DONOR_REFERENCE_PATTERN.source, description: "a short code from the coalition's donor records, never a name" })
  @IsOptional()
  @IsString()
  @Matches(DONOR_REFERENCE_PATTERN, { message: 'donorReference must be a short code of letters, digits and dashes (at most 40), never a name' })
  @ScreenedText('label')
  readonly donorReference?: string | null;

  @ApiProperty({ example: '2026-11-02', description: 'YYYY-MM-DD, not later than today' })
  @Matches(DATE_PATTERN, { message: 'receivedOn must be a date like 2026-11-02' })
  @IsISO8601({ strict: true }, { message: 'receivedOn must be a real calendar date' })
  readonly receivedOn!: string;
}
