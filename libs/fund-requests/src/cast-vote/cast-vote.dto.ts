import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Matches, Max, Min, ValidateIf } from 'class-validator';
import { DENIAL_REASONS, type DenialReason } from '../vocabulary';

export class CastVoteDto {
  @ApiProperty({ enum: ['approve', 'deny', 'recuse'] })
  @IsIn(['approve', 'deny', 'recuse'], { message: 'vote must be one of: approve, deny, recuse' })
  vote!: 'approve' | 'deny' | 'recuse';

  @ApiPropertyOptional({ description: 'Required to approve: integer cents, at most the amount requested' })
  @ValidateIf((o: CastVoteDto) => o.vote === 'approve' || o.amountCents !== undefined)
  @IsInt({ message: 'amountCents must be a whole number of cents (required to approve)' })
  @Min(1, { message: 'amountCents must be at least 1' })
  @Max(100_000_000, { message: 'amountCents must be at most 100000000' })
  amountCents?: number;

  @ApiPropertyOptional({ enum: DENIAL_REASONS, description: 'Required to deny' })
  @ValidateIf((o: CastVoteDto) => o.vote === 'deny' || o.reasonCode !== undefined)
  @IsIn(DENIAL_REASONS, { message: `reasonCode must be one of: ${DENIAL_REASONS.join(', ')} (required to deny)` })
  reasonCode?: DenialReason;

  @ApiPropertyOptional({ description: "The fund to reserve from when this vote decides an approval; a restricted fund refuses, naming the rule, what its grant does not allow. Default: the eligible restricted fund whose period ends first, else the protocol's default fund" })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{1,62}$/, { message: 'fundId must be a fund id like general' })
  fundId?: string;
}
