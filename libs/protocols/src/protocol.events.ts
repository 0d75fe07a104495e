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
/**
 * The what-if replay a member saw before voting (GET /protocols/:version/foresight): its window of
 * days and the sha256 of its inputs, so the replay can be named and run again.
 */
export interface ForesightSeen {
  readonly window: { readonly from: string; readonly to: string };
  readonly inputsHash: string;
}
/** `foresight` is absent on votes cast without a replay, and on every vote recorded before it existed. */
export type ProtocolVoteCast = DomainEvent<'ProtocolVoteCast', { memberId: string; organizationId: string; vote: ProtocolVoteChoice; foresight?: ForesightSeen }>;
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
