import fc from 'fast-check';
import { asArray, CodedError } from '@fund/event-sourcing';
import { fundDecider, fundFigures, type FundCommand, type FundState } from './fund.decider';
import { RELEASE_REASONS, type FundEvent } from './fund.events';

const requestId = fc.constantFrom('r-1', 'r-2');
const disbursementId = fc.constantFrom('x-1', 'x-2');
// Mostly a few round amounts (so releases and disbursements often fit a reservation exactly),
// some arbitrary ones, and some the decider must refuse.
const amountCents = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(100, 250, 500, 1_000, 2_000) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 20_000 }) },
  { weight: 1, arbitrary: fc.integer({ min: -5_000, max: 0 }) },
  { weight: 1, arbitrary: fc.double({ min: 0.1, max: 10_000, noNaN: true }) },
);

const command: fc.Arbitrary<FundCommand> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ fundId: fc.constant('general'), name: fc.constant('General'), restricted: fc.boolean() }).map((data) => ({ type: 'OpenFund' as const, data })) },
  { weight: 2, arbitrary: fc.record({ donationId: fc.uuid(), amountCents }).map((data) => ({ type: 'ReceiveMoney' as const, data })) },
  { weight: 3, arbitrary: fc.record({ requestId, amountCents }).map((data) => ({ type: 'ReserveMoney' as const, data })) },
  {
    weight: 2,
    arbitrary: fc.record({ requestId, amountCents, reason: fc.constantFrom(...RELEASE_REASONS) }).map((data) => ({ type: 'ReleaseReservation' as const, data })),
  },
  { weight: 3, arbitrary: fc.record({ requestId, disbursementId, amountCents }).map((data) => ({ type: 'DisburseMoney' as const, data })) },
  { weight: 3, arbitrary: fc.record({ requestId, disbursementId }).map((data) => ({ type: 'VoidDisbursement' as const, data })) },
);

describe('fund invariant (property)', () => {
  it('is never negative and never over-committed, whatever commands arrive in whatever order', () => {
    const accepted = new Map<string, number>();
    fc.assert(
      // Most runs open the fund first, so the money commands meet an open fund and not only refusals.
      fc.property(fc.boolean(), fc.array(command, { minLength: 10, maxLength: 80 }), (openFirst, rest) => {
        const commands: FundCommand[] = openFirst ? [{ type: 'OpenFund', data: { fundId: 'general', name: 'General', restricted: false } }, ...rest] : rest;
        let state: FundState = fundDecider.initialState();
        // Outstanding per request, counted independently of the decider's own bookkeeping.
        const outstanding = new Map<string, number>();
        const add = (id: string, cents: number) => outstanding.set(id, (outstanding.get(id) ?? 0) + cents);
        for (const c of commands) {
          let events: readonly FundEvent[];
          try {
            events = asArray(fundDecider.decide(c, state));
          } catch (error) {
            if (!(error instanceof CodedError)) throw error;
            continue;
          }
          for (const event of events) {
            state = fundDecider.evolve(state, event);
            accepted.set(event.type, (accepted.get(event.type) ?? 0) + 1);
            if (event.type === 'MoneyReserved' || event.type === 'DisbursementVoided') add(event.data.requestId, event.data.amountCents);
            if (event.type === 'ReservationReleased' || event.type === 'MoneyDisbursed') add(event.data.requestId, -event.data.amountCents);
          }
          const figures = fundFigures(state);
          expect(figures.availableCents).toBeGreaterThanOrEqual(0);
          expect(figures.balanceCents).toBeGreaterThanOrEqual(0);
          expect([...outstanding.values()].every((cents) => cents >= 0)).toBe(true);
          expect(figures.reservedCents).toBe([...outstanding.values()].reduce((sum, cents) => sum + cents, 0));
          expect(Number.isInteger(figures.balanceCents)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
    // The property is only worth something if the runs reached every kind of movement.
    for (const type of ['MoneyReceived', 'MoneyReserved', 'ReservationReleased', 'MoneyDisbursed', 'DisbursementVoided']) {
      expect(accepted.get(type) ?? 0).toBeGreaterThan(0);
    }
  });
});
