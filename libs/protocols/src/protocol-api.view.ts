import { ApiProperty } from '@nestjs/swagger';
import { CommandPosition, type ErrorExample } from '@fund/platform';
import { ProtocolRulesDto } from './protocol.dto';
import type { ProtocolStatus } from './protocol.decider';
import type { ProtocolRules } from './protocol-rules';
import type { VoteTally } from './protocol.events';
import type { ProtocolView, ProtocolWriteResult } from './protocol-view';

const STATUSES = ['draft', 'proposed', 'rejected', 'adopted', 'superseded'] as const satisfies readonly Exclude<ProtocolStatus, 'none'>[];

export class VoteTallyView implements VoteTally {
  @ApiProperty({ type: 'integer' }) readonly approvals!: number;
  @ApiProperty({ type: 'integer' }) readonly rejections!: number;
  @ApiProperty({ type: 'integer' }) readonly recusals!: number;
}

/** A protocol version as people read it; votes as a tally (who voted how stays in the events). */
export class ProtocolVersionView implements ProtocolView {
  @ApiProperty({ example: '2026-1' }) readonly version!: string;
  @ApiProperty() readonly title!: string;
  @ApiProperty({ enum: STATUSES, enumName: 'ProtocolStatus' }) readonly status!: Exclude<ProtocolStatus, 'none'>;
  @ApiProperty({ type: ProtocolRulesDto }) readonly rules!: ProtocolRules;
  @ApiProperty({ description: 'adopted as the first version, without a council vote' }) readonly bootstrapped!: boolean;
  @ApiProperty({ type: 'integer', nullable: true }) readonly quorum!: number | null;
  @ApiProperty({ type: VoteTallyView, nullable: true, description: 'null until the version is proposed (and for a bootstrapped version)' }) readonly tally!: VoteTallyView | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) readonly draftedAt!: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) readonly proposedAt!: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) readonly adoptedAt!: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) readonly rejectedAt!: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) readonly supersededAt!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) readonly supersededBy!: string | null;
  @ApiProperty({ type: 'integer', description: 'the stream version: the ETag, and what If-Match names' }) readonly streamVersion!: number;
}

/** What every protocol write answers (with the ETag of `streamVersion`). */
export class ProtocolWriteResultView extends CommandPosition implements ProtocolWriteResult {
  @ApiProperty({ example: '2026-2' }) readonly version!: string;
  @ApiProperty({ enum: STATUSES, enumName: 'ProtocolStatus' }) readonly status!: Exclude<ProtocolStatus, 'none'>;
  @ApiProperty({ type: 'integer' }) readonly streamVersion!: number;
}

export const PROTOCOL_NOT_FOUND: ErrorExample = ['PROTOCOL.NOT_FOUND', 'There is no protocol with this version'];
export const PROTOCOL_INVALID_VERSION: ErrorExample = [
  'PROTOCOL.INVALID_VERSION',
  'A protocol version is a short slug of lowercase letters, digits and dashes (not registry, current or bootstrap)',
  { field: 'version' },
];
export const PROTOCOL_INVALID_RULES: ErrorExample = [
  'PROTOCOL.INVALID_RULES',
  'These rules cannot be used: 1 problem(s), first at rules.capPerRequestCents',
  { problems: [{ field: 'rules.capPerRequestCents', rule: 'atMostSurvivorCap' }] },
];
export const PROTOCOL_NOT_DRAFT: ErrorExample = ['PROTOCOL.NOT_DRAFT', 'Only a draft can be revised or proposed', { status: 'proposed' }];
