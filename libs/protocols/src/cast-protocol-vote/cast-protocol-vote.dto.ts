import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsOptional, Matches, ValidateNested } from 'class-validator';
import type { ForesightSeen, ProtocolVoteChoice } from '../protocol.events';

const CHOICES: readonly ProtocolVoteChoice[] = ['approve', 'reject', 'recuse'];

export class ForesightWindowDto {
  @ApiProperty({ example: '2025-12-07' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'foresight.window.from must be a date like 2025-12-07' })
  @IsISO8601({ strict: true }, { message: 'foresight.window.from must be a real calendar date' })
  from!: string;

  @ApiProperty({ example: '2026-12-07' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'foresight.window.to must be a date like 2026-12-07' })
  @IsISO8601({ strict: true }, { message: 'foresight.window.to must be a real calendar date' })
  to!: string;
}

/** The replay the member saw: as GET /protocols/:version/foresight answered it. */
export class ForesightSeenDto implements ForesightSeen {
  @ApiProperty({ type: ForesightWindowDto })
  @ValidateNested()
  @Type(() => ForesightWindowDto)
  window!: ForesightWindowDto;

  @ApiProperty({ example: '9f2c0e5b4b1d6a1f9c3e2d7a8b5c4e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d', description: 'inputsHash of the replay' })
  @Matches(/^[0-9a-f]{64}$/, { message: 'foresight.inputsHash must be the 64 hex characters the replay answered' })
  inputsHash!: string;
}

export class CastProtocolVoteDto {
  @ApiProperty({ enum: CHOICES, description: 'A recusal is recorded and counts neither way' })
  @IsIn(CHOICES)
  vote!: ProtocolVoteChoice;

  @ApiPropertyOptional({ type: ForesightSeenDto, description: 'The what-if replay the member saw before voting (window and inputsHash from GET /protocols/:version/foresight); recorded with the vote' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ForesightSeenDto)
  foresight?: ForesightSeenDto;
}
