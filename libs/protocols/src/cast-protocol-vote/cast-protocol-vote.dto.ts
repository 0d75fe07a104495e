import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import type { ProtocolVoteChoice } from '../protocol.events';

const CHOICES: readonly ProtocolVoteChoice[] = ['approve', 'reject', 'recuse'];

export class CastProtocolVoteDto {
  @ApiProperty({ enum: CHOICES, description: 'A recusal is recorded and counts neither way' })
  @IsIn(CHOICES)
  vote!: ProtocolVoteChoice;
}
