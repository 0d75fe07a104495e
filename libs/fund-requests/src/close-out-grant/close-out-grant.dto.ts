import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsObject, IsOptional, IsString, IsUUID, Length, Matches, ValidateIf, ValidateNested } from 'class-validator';
import { FUND_ID_PATTERN } from '@fund/funds';
import { ScreenedText } from '@fund/privacy';

export const CLOSE_OUT_ACTIONS = ['release', 'move', 'keep'] as const;
/** A grant closed out at once holds at most this many open reservations in one decision. */
export const MAX_CLOSE_OUT_DECISIONS = 500;

/** What to do with reservations: release the money, move it to another fund, or keep it to pay until the liquidation deadline. */
export class CloseOutChoiceDto {
  @ApiProperty({ enum: CLOSE_OUT_ACTIONS, description: 'release: back to the grant, unspent; move: reserved in toFundId instead; keep: paid from this grant until the liquidation deadline' })
  @IsIn(CLOSE_OUT_ACTIONS, { message: `action must be one of: ${CLOSE_OUT_ACTIONS.join(', ')}` })
  readonly action!: (typeof CLOSE_OUT_ACTIONS)[number];

  @ApiPropertyOptional({ pattern: FUND_ID_PATTERN.source, description: 'the fund the reservation moves to (move only); its restrictions, budget line and balance must take it' })
  @ValidateIf((o: CloseOutChoiceDto) => o.action === 'move')
  @Matches(FUND_ID_PATTERN, { message: 'toFundId must be a fund slug, and is required to move' })
  readonly toFundId?: string;
}

export class CloseOutDecisionDto extends CloseOutChoiceDto {
  @ApiProperty({ format: 'uuid', description: 'a request holding a reservation in this grant' })
  @IsUUID('all', { message: 'requestId must be a request id' })
  readonly requestId!: string;
}

/** Closing out a grant: a decision per open reservation, or one for all (`otherwise`), or both. */
export class CloseOutGrantDto {
  @ApiProperty({ type: [CloseOutDecisionDto], maxItems: MAX_CLOSE_OUT_DECISIONS, description: 'one per reservation named; each request at most once' })
  @IsArray()
  @ArrayMaxSize(MAX_CLOSE_OUT_DECISIONS)
  @IsObject({ each: true, message: 'decisions must be a list of objects' })
  @ValidateNested({ each: true })
  @Type(() => CloseOutDecisionDto)
  readonly decisions!: CloseOutDecisionDto[];

  @ApiPropertyOptional({ type: CloseOutChoiceDto, description: 'for every open reservation not named in decisions' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CloseOutChoiceDto)
  readonly otherwise?: CloseOutChoiceDto;

  @ApiPropertyOptional({ example: 'Final financial report', maxLength: 80, description: 'the close-out document this records' })
  @IsOptional()
  @IsString()
  @Length(1, 80)
  @Matches(/^[^\p{Cc}]+$/u, { message: 'reference must not contain control characters' })
  @ScreenedText('label')
  readonly reference?: string;
}
