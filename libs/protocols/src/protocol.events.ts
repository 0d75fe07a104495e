import type { DomainEvent } from '@fund/event-sourcing';
import type { ProtocolRules } from './protocol-rules';

export type ProtocolVoteChoice = 'approve' | 'reject' | 'recuse';

export interface VoteTally {
  readonly approvals: number;
  readonly rejections: number;
  readonly recusals: number;
}

// Stream `protocol-<version>`. Type strings never change once published.
export type ProtocolDrafted = DomainEvent<'ProtocolDrafted', { version: string; title: string; rules: ProtocolRules }>;
export type ProtocolDraftRevised = DomainEvent<'ProtocolDraftRevised', { rules: ProtocolRules }>;
/** `quorum` is copied from the version in force when the draft is proposed. */
export type ProtocolProposed = DomainEvent<'ProtocolProposed', { quorum: number }>;
export type ProtocolVoteCast = DomainEvent<'ProtocolVoteCast', { memberId: string; organizationId: string; vote: ProtocolVoteChoice }>;
export type ProtocolAdopted = DomainEvent<'ProtocolAdopted', VoteTally>;
export type ProtocolRejected = DomainEvent<'ProtocolRejected', VoteTally>;
/** The first version, adopted without a vote: a council needs rules before it can vote. */
export type ProtocolBootstrapped = DomainEvent<'ProtocolBootstrapped', { version: string; title: string; rules: ProtocolRules }>;
export type ProtocolSuperseded = DomainEvent<'ProtocolSuperseded', { supersededBy: string }>;

export type ProtocolEvent =
  | ProtocolDrafted
  | ProtocolDraftRevised
  | ProtocolProposed
  | ProtocolVoteCast
  | ProtocolAdopted
  | ProtocolRejected
  | ProtocolBootstrapped
  | ProtocolSuperseded;

// Stream `protocol-registry`: which version is in force.
export type ProtocolPutInForce = DomainEvent<'ProtocolPutInForce', { version: string; previousVersion: string | null }>;

export type ProtocolRegistryEvent = ProtocolPutInForce;
