import fc from 'fast-check';
import { budgetActuals, fundDecider, fundFigures, type Disbursement, type FundState, type OpenFundState } from './fund.decider';
import type { FundEvent, FundRestrictions } from './fund.events';

/**
 * The fund's state as it was folded before its records were indexed: every event copies the
 * records. The indexed fold must give the same records (keys in the same order), the same figures
 * and the same budget lines, for any sequence of events, even ones the decider would refuse.
 */
function referenceEvolve(state: FundState, event: FundEvent): FundState {
  const withReservation = (reservations: Readonly<Record<string, number>>, requestId: string, cents: number) => {
    const { [requestId]: _dropped, ...rest } = reservations;
    return cents > 0 ? { ...rest, [requestId]: cents } : rest;
  };
  if (event.type === 'FundOpened') {
    return { status: 'open', ...event.data, receivedCents: 0, disbursedCents: 0, reservations: {}, disbursements: {}, restrictions: null, revisions: [], chargedTo: {} };
  }
  if (state.status !== 'open') return state;
  const outstanding = (requestId: string) => state.reservations[requestId] ?? 0;
  switch (event.type) {
    case 'FundRestrictionsSet':
      return { ...state, restrictions: event.data.restrictions, revisions: [...state.revisions, event.data] };
    case 'MoneyReceived':
    case 'SaleProceedsReceived':
      return { ...state, receivedCents: state.receivedCents + event.data.amountCents };
    case 'MoneyReserved': {
      const { requestId, amountCents, budgetLineId } = event.data;
      return {
        ...state,
        reservations: withReservation(state.reservations, requestId, outstanding(requestId) + amountCents),
        chargedTo: budgetLineId ? { ...state.chargedTo, [requestId]: budgetLineId } : state.chargedTo,
      };
    }
    case 'ReservationReleased':
      return { ...state, reservations: withReservation(state.reservations, event.data.requestId, outstanding(event.data.requestId) - event.data.amountCents) };
    case 'MoneyDisbursed':
    case 'DisbursementVoided': {
      const { requestId, disbursementId, amountCents } = event.data;
      const voided = event.type === 'DisbursementVoided';
      const sign = voided ? 1 : -1;
      return {
        ...state,
        disbursedCents: state.disbursedCents - sign * amountCents,
        reservations: withReservation(state.reservations, requestId, outstanding(requestId) + sign * amountCents),
        disbursements: { ...state.disbursements, [disbursementId]: { requestId, amountCents, voided } },
      };
    }
    case 'MoneySpentOnStock':
      return { ...state, disbursedCents: state.disbursedCents + event.data.amountCents };
    case 'GrantClosedOut':
      return { ...state, closedOut: event.data };
  }
}

const restrictions: FundRestrictions = {
  purpose: { categories: ['rent', 'food', 'travel'], paymentMethods: ['check'] },
  period: { firstDay: '2026-01-01', lastDay: '2026-12-31', liquidationDeadline: '2027-01-31' },
  budgetLines: [
    { lineId: 'housing', categories: ['rent'], amountCents: 50_000 },
    { lineId: 'other', categories: ['food', 'travel'], amountCents: 20_000 },
  ],
};

// Ids are uuids and slugs; an integer-like one checks the records' key order.
const requestId = fc.constantFrom('r-1', 'r-2', 'r-3', '12');
const disbursementId = fc.constantFrom('x-1', 'x-2', 'x-3', '7');
const amountCents = fc.oneof(fc.constantFrom(100, 250, 1_000), fc.integer({ min: -500, max: 5_000 }));
const line = fc.option(fc.constantFrom('housing', 'other'), { nil: undefined });
const event: fc.Arbitrary<FundEvent> = fc.oneof(
  fc.constant<FundEvent>({ type: 'FundOpened', data: { fundId: 'grant', name: 'Grant', restricted: true } }),
  fc.constant<FundEvent>({ type: 'FundRestrictionsSet', data: { revision: 1, restrictions, effectiveOn: '2026-01-01' } }),
  amountCents.map((a): FundEvent => ({ type: 'MoneyReceived', data: { donationId: 'd', amountCents: a } })),
  fc.record({ requestId, amountCents, budgetLineId: line }).map(({ budgetLineId, ...data }): FundEvent => ({ type: 'MoneyReserved', data: { ...data, ...(budgetLineId ? { budgetLineId } : {}) } })),
  fc.record({ requestId, amountCents }).map((data): FundEvent => ({ type: 'ReservationReleased', data: { ...data, reason: 'withdrawn' } })),
  fc.record({ requestId, disbursementId, amountCents }).map((data): FundEvent => ({ type: 'MoneyDisbursed', data })),
  fc.record({ requestId, disbursementId, amountCents }).map((data): FundEvent => ({ type: 'DisbursementVoided', data })),
  amountCents.map((a): FundEvent => ({ type: 'MoneySpentOnStock', data: { purchaseId: 'p', amountCents: a, paidOn: '2026-02-01', payeeId: 'v' } })),
  fc.constant<FundEvent>({ type: 'GrantClosedOut', data: { closedOn: '2026-12-31', outcomes: [] } }),
);

/** Everything a reader of the state sees, with the records' key order. */
function seen(state: FundState) {
  if (state.status !== 'open') return { state, figures: fundFigures(state) };
  const order = (record: object) => Object.keys(record);
  return {
    state: JSON.parse(JSON.stringify(state)) as unknown,
    order: [order(state.reservations), order(state.disbursements), order(state.chargedTo)],
    figures: fundFigures(state),
    budget: budgetActuals(state),
  };
}

describe('fund decider: folding with indexed records', () => {
  it('given any sequence of events, then the state, its figures and its budget lines are those the copying fold gave, and no earlier state changes', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), (events) => {
        let indexed = fundDecider.initialState();
        let reference = fundDecider.initialState();
        const earlier: [FundState, unknown][] = [];
        for (const e of events) {
          indexed = fundDecider.evolve(indexed, e);
          reference = referenceEvolve(reference, e);
          expect(seen(indexed)).toEqual(seen(reference));
          expect(fundFigures(indexed)).toEqual(fundFigures(reference));
          earlier.push([indexed, seen(indexed)]);
        }
        for (const [state, then] of earlier) expect(seen(state)).toEqual(then);
      }),
      { numRuns: 150 },
    );
  });

  it('given a state built by hand (or copied with a spread), when it is evolved and decided on, then its records are what count', () => {
    const disbursements: Record<string, Disbursement> = { 'x-1': { requestId: 'r-1', amountCents: 300, voided: false } };
    const byHand: OpenFundState = {
      status: 'open',
      fundId: 'grant',
      name: 'Grant',
      restricted: true,
      receivedCents: 10_000,
      disbursedCents: 300,
      reservations: { 'r-1': 700 },
      disbursements,
      restrictions,
      revisions: [],
      chargedTo: { 'r-1': 'housing' },
    };
    expect(budgetActuals(byHand).find((l) => l.lineId === 'housing')).toMatchObject({ reservedCents: 700, spentCents: 300, remainingCents: 49_000 });
    const copied = { ...byHand, reservations: { 'r-1': 200 } };
    expect(fundFigures(copied)).toMatchObject({ reservedCents: 200, availableCents: 9_500 });
    const voided = fundDecider.evolve(copied, { type: 'DisbursementVoided', data: { requestId: 'r-1', disbursementId: 'x-1', amountCents: 300 } });
    expect(voided).toMatchObject({ reservations: { 'r-1': 500 }, disbursements: { 'x-1': { voided: true } }, disbursedCents: 0 });
    expect(budgetActuals(voided).find((l) => l.lineId === 'housing')).toMatchObject({ reservedCents: 500, spentCents: 0 });
    expect(() => fundDecider.decide({ type: 'VoidDisbursement', data: { requestId: 'r-1', disbursementId: 'x-1' } }, voided)).toThrow(/already voided/);
  });
});
