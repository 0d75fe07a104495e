import { DomainError, type Decider } from '@fund/event-sourcing';
import type { SurvivorReferenceEvent } from './survivor-reference.events';

interface Commitment {
  readonly amountCents: number;
  readonly committedOn: string;
}

export type SurvivorReferenceState =
  | { readonly status: 'none' }
  | { readonly status: 'issued'; readonly reference: string; readonly organizationId: string; readonly commitments: Readonly<Record<string, Commitment>> };

export type IssueReference = { readonly type: 'IssueReference'; readonly data: { readonly reference: string; readonly organizationId: string } };
export type CommitSupport = {
  readonly type: 'CommitSupport';
  readonly data: {
    readonly requestId: string;
    readonly amountCents: number;
    /** The moment of the decision; the commitment counts from its UTC day. */
    readonly now: Date;
    readonly capPer12MonthsCents: number;
  };
};
export type ReleaseSupport = { readonly type: 'ReleaseSupport'; readonly data: { readonly requestId: string; readonly amountCents: number } };
export type SurvivorReferenceCommand = IssueReference | CommitSupport | ReleaseSupport;

const dayOf = (now: Date) => now.toISOString().slice(0, 10);

/**
 * The last day that no longer counts: `now`'s day minus 365 days. A commitment made on that day
 * has left the rolling 12-month window; one made the day after still counts.
 */
export function windowStart(now: Date): string {
  const d = new Date(`${dayOf(now)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 365);
  return dayOf(d);
}

export function committedInWindow(state: SurvivorReferenceState, now: Date): number {
  if (state.status !== 'issued') return 0;
  const from = windowStart(now);
  return Object.values(state.commitments)
    .filter((c) => c.committedOn > from)
    .reduce((sum, c) => sum + c.amountCents, 0);
}

export interface TwelveMonthCapCheck {
  readonly now: Date;
  readonly capCents: number;
  readonly requestedCents: number;
  /** The request field to point at when the refusal answers a form (submission names `amountCents`). */
  readonly field?: string;
}

/**
 * The cap per survivor reference over a rolling 12 months: the one place it is enforced, when a
 * request is submitted (nothing is counted yet) and when its approval commits the money.
 */
export function assertWithinTwelveMonthCap(state: SurvivorReferenceState, { now, capCents, requestedCents, field }: TwelveMonthCapCheck): void {
  const committedCents = committedInWindow(state, now);
  const remainingCents = Math.max(0, capCents - committedCents);
  if (requestedCents > remainingCents) {
    throw new DomainError('FUND_REQUEST.OVER_SURVIVOR_12_MONTH_CAP', 'This would exceed the support cap per survivor reference over 12 months', {
      ...(field === undefined ? {} : { field }),
      capCents,
      committedCents,
      remainingCents,
      requestedCents,
    });
  }
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
  initialState: () => ({ status: 'none' }),

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

  decide({ type, data }, state) {
    switch (type) {
      case 'IssueReference':
        if (state.status !== 'none') throw new DomainError('SURVIVOR.REFERENCE_EXISTS', 'This reference was already issued', {}, 'conflict');
        return { type: 'SurvivorReferenceIssued', data: { reference: data.reference, organizationId: data.organizationId } };
      case 'CommitSupport': {
        if (state.status !== 'issued') throw new DomainError('SURVIVOR.REFERENCE_UNKNOWN', 'Unknown survivor reference', {}, 'not_found');
        assertWithinTwelveMonthCap(state, { now: data.now, capCents: data.capPer12MonthsCents, requestedCents: data.amountCents });
        return { type: 'SupportCommitted', data: { requestId: data.requestId, amountCents: data.amountCents, committedOn: dayOf(data.now) } };
      }
      case 'ReleaseSupport': {
        if (state.status !== 'issued') return [];
        // Never release more than this request still counts against the cap.
        const amountCents = Math.min(data.amountCents, state.commitments[data.requestId]?.amountCents ?? 0);
        return amountCents > 0 ? { type: 'SupportReleased', data: { requestId: data.requestId, amountCents } } : [];
      }
    }
  },
};
