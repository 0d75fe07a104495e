import { DomainError, type Decider } from '@fund/event-sourcing';
import type { SurvivorReferenceEvent } from './survivor-reference.events';

interface Commitment {
  readonly amountCents: number;
  readonly committedOn: string;
}

export type SurvivorReferenceState =
  | { readonly status: 'unknown' }
  | { readonly status: 'issued'; readonly reference: string; readonly organizationId: string; readonly commitments: Readonly<Record<string, Commitment>> };

export type SurvivorReferenceCommand =
  | { readonly type: 'IssueReference'; readonly reference: string; readonly organizationId: string }
  | {
      readonly type: 'CommitSupport';
      readonly requestId: string;
      readonly amountCents: number;
      /** YYYY-MM-DD of the decision. */
      readonly today: string;
      readonly capPer12MonthsCents: number;
    }
  | { readonly type: 'ReleaseSupport'; readonly requestId: string; readonly amountCents: number };

/** `today` minus 365 days, as YYYY-MM-DD: the start of the rolling 12-month window. */
export function windowStart(today: string): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 365);
  return d.toISOString().slice(0, 10);
}

export function committedInWindow(state: SurvivorReferenceState, today: string): number {
  if (state.status !== 'issued') return 0;
  const from = windowStart(today);
  return Object.values(state.commitments)
    .filter((c) => c.committedOn > from)
    .reduce((sum, c) => sum + c.amountCents, 0);
}

/** The reference exists and belongs to this organization; a reference of another one reads as unknown. */
export function assertIssuedTo(state: SurvivorReferenceState, organizationId: string): Extract<SurvivorReferenceState, { status: 'issued' }> {
  if (state.status !== 'issued' || state.organizationId !== organizationId) {
    throw new DomainError(
      'SURVIVOR.REFERENCE_NOT_ISSUED_TO_ORGANIZATION',
      'This survivor reference was not issued to your organization; ask the fund for a new reference',
      { field: 'survivorReference' },
    );
  }
  return state;
}

export const survivorReferenceDecider: Decider<SurvivorReferenceState, SurvivorReferenceCommand, SurvivorReferenceEvent> = {
  initialState: () => ({ status: 'unknown' }),

  evolve(state, event) {
    switch (event.type) {
      case 'SurvivorReferenceIssued':
        return { status: 'issued', reference: event.data.reference, organizationId: event.data.organizationId, commitments: {} };
      case 'SupportCommitted':
        if (state.status !== 'issued') return state;
        return { ...state, commitments: { ...state.commitments, [event.data.requestId]: { amountCents: event.data.amountCents, committedOn: event.data.committedOn } } };
      case 'SupportReleased': {
        if (state.status !== 'issued') return state;
        const current = state.commitments[event.data.requestId];
        if (!current) return state;
        return { ...state, commitments: { ...state.commitments, [event.data.requestId]: { ...current, amountCents: current.amountCents - event.data.amountCents } } };
      }
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'IssueReference':
        if (state.status !== 'unknown') throw new DomainError('SURVIVOR.REFERENCE_EXISTS', 'This reference was already issued', {}, 'conflict');
        return { type: 'SurvivorReferenceIssued', data: { reference: command.reference, organizationId: command.organizationId } };
      case 'CommitSupport': {
        if (state.status !== 'issued') throw new DomainError('SURVIVOR.REFERENCE_UNKNOWN', 'Unknown survivor reference', {}, 'not_found');
        const committed = committedInWindow(state, command.today);
        const remainingCents = Math.max(0, command.capPer12MonthsCents - committed);
        if (command.amountCents > remainingCents) {
          throw new DomainError('FUND_REQUEST.OVER_SURVIVOR_12_MONTH_CAP', 'This would exceed the support cap per survivor reference over 12 months', {
            capCents: command.capPer12MonthsCents,
            committedCents: committed,
            remainingCents,
            requestedCents: command.amountCents,
          });
        }
        return { type: 'SupportCommitted', data: { requestId: command.requestId, amountCents: command.amountCents, committedOn: command.today } };
      }
      case 'ReleaseSupport': {
        if (state.status !== 'issued') return [];
        const current = state.commitments[command.requestId];
        const amountCents = Math.min(command.amountCents, current?.amountCents ?? 0);
        return amountCents > 0 ? { type: 'SupportReleased', data: { requestId: command.requestId, amountCents } } : [];
      }
    }
  },
};
