import { asDomainEvent, type RecordedEvent } from '@fund/event-sourcing';
import { protocolDecider, tallyVotes, type ProtocolStatus } from './protocol.decider';
import type { ProtocolEvent, VoteTally } from './protocol.events';
import type { ProtocolRules } from './protocol-rules';

/**
 * A protocol version as people read it: the decider's state plus the dates, which live in
 * event metadata. Votes are shown as a tally; who voted how stays in the events.
 */
export interface ProtocolView {
  readonly version: string;
  readonly title: string;
  readonly status: Exclude<ProtocolStatus, 'none'>;
  readonly rules: ProtocolRules;
  /** Adopted as the first version, without a council vote. */
  readonly bootstrapped: boolean;
  readonly quorum: number | null;
  /** Null until the version is proposed (and for a bootstrapped version). */
  readonly tally: VoteTally | null;
  readonly draftedAt: string | null;
  readonly proposedAt: string | null;
  readonly adoptedAt: string | null;
  readonly rejectedAt: string | null;
  readonly supersededAt: string | null;
  readonly supersededBy: string | null;
  /** The stream version: the ETag, and what If-Match names. */
  readonly streamVersion: number;
}

/** What every protocol write returns (201, with the ETag of `streamVersion`). */
export interface ProtocolWriteResult {
  readonly version: string;
  readonly status: ProtocolStatus;
  readonly streamVersion: number;
}

type DateField = 'draftedAt' | 'proposedAt' | 'adoptedAt' | 'rejectedAt' | 'supersededAt';

const DATE_OF: Partial<Record<ProtocolEvent['type'], DateField>> = {
  ProtocolDrafted: 'draftedAt',
  ProtocolProposed: 'proposedAt',
  ProtocolAdopted: 'adoptedAt',
  ProtocolBootstrapped: 'adoptedAt',
  ProtocolRejected: 'rejectedAt',
  ProtocolSuperseded: 'supersededAt',
};

export function protocolView(events: readonly RecordedEvent<ProtocolEvent>[]): ProtocolView | null {
  const state = events.reduce((s, e) => protocolDecider.evolve(s, asDomainEvent(e)), protocolDecider.initialState());
  if (state.status === 'none') return null;
  const dates: Record<DateField, string | null> = { draftedAt: null, proposedAt: null, adoptedAt: null, rejectedAt: null, supersededAt: null };
  for (const event of events) {
    const field = DATE_OF[event.type];
    if (field) dates[field] = event.metadata.occurredAt;
  }
  const voting = state.status === 'draft' ? null : state.voting;
  return {
    version: state.version,
    title: state.title,
    status: state.status,
    rules: state.rules,
    bootstrapped: events.some((e) => e.type === 'ProtocolBootstrapped'),
    quorum: voting?.quorum ?? null,
    tally: voting ? tallyVotes(voting.votes) : null,
    ...dates,
    supersededBy: state.status === 'superseded' ? state.supersededBy : null,
    streamVersion: events.at(-1)?.streamVersion ?? 0,
  };
}
