import fc from 'fast-check';
import { asArray, CodedError } from '@fund/event-sourcing';
import { fundDecider, fundFigures, type FundCommand, type FundState } from './fund.decider';
import { RELEASE_REASONS, type FundEvent, type FundRestrictions } from './fund.events';

const now = new Date('2026-10-01T00:00:00Z');
const requestId = fc.constantFrom('r-1', 'r-2', 'r-3', 'r-4');
// Payments and voids name a request's own payments, so voids often find one to undo.
const payment = fc.record({ requestId, n: fc.constantFrom(1, 2) }).map(({ requestId, n }) => ({ requestId, disbursementId: `${requestId}-x${n}` }));
const smallAmount = fc.constantFrom(500, 1_000, 2_000);
const amountCents = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(500, 1_000, 2_500, 4_000) }, { weight: 2, arbitrary: fc.integer({ min: 1, max: 12_000 }) });
const category = fc.constantFrom('lodging', 'relocation', 'groceries', 'childcare');
// Mostly days the grant allows, so reservations and payments often get through; some it does not.
const day = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('2026-10-01', '2027-03-15', '2027-09-30', '2027-10-15') }, { weight: 1, arbitrary: fc.constantFrom('2026-09-30', '2028-01-01') });
const paymentMethod = fc.oneof({ weight: 5, arbitrary: fc.constant('vendor_payment') }, { weight: 1, arbitrary: fc.constant('gift_card') });
// Small lines and a larger balance, so the lines (not the balance) are what binds most often;
// amendments move the lines up and down while money is committed to them.
const restrictions: fc.Arbitrary<FundRestrictions> = fc
  .record({ housing: fc.integer({ min: 0, max: 12_000 }), needs: fc.integer({ min: 0, max: 6_000 }), relocationOnHousing: fc.boolean() })
  .map(({ housing, needs, relocationOnHousing }) => ({
    purpose: { categories: ['lodging', 'relocation', 'groceries'], paymentMethods: ['vendor_payment'] },
    period: { firstDay: '2026-10-01', lastDay: '2027-09-30', liquidationDeadline: '2027-12-29' },
    budgetLines: [
      { lineId: 'housing', categories: relocationOnHousing ? ['lodging', 'relocation'] : ['lodging'], amountCents: housing },
      { lineId: 'needs', categories: relocationOnHousing ? ['groceries'] : ['groceries', 'relocation'], amountCents: needs },
    ],
  }));

const command: fc.Arbitrary<FundCommand> = fc.oneof(
  { weight: 1, arbitrary: restrictions.map((r) => ({ type: 'SetFundRestrictions' as const, data: { restrictions: r, now } })) },
  { weight: 1, arbitrary: fc.record({ donationId: fc.uuid(), amountCents }).map((data) => ({ type: 'ReceiveMoney' as const, data })) },
  {
    weight: 4,
    arbitrary: fc
      .record({ requestId, amountCents, category, paymentMethod, on: day })
      .map(({ requestId, amountCents, ...charge }) => ({ type: 'ReserveMoney' as const, data: { requestId, amountCents, charge } })),
  },
  { weight: 2, arbitrary: fc.record({ requestId, amountCents: smallAmount, reason: fc.constantFrom(...RELEASE_REASONS) }).map((data) => ({ type: 'ReleaseReservation' as const, data })) },
  {
    weight: 3,
    arbitrary: fc
      .record({ payment, amountCents: smallAmount, on: day })
      .map(({ on, payment, amountCents }) => ({ type: 'DisburseMoney' as const, data: { ...payment, amountCents, charge: { paymentMethod: 'vendor_payment', on } } })),
  },
  { weight: 3, arbitrary: payment.map((data) => ({ type: 'VoidDisbursement' as const, data })) },
  // A close-out (ADR 0021), on the period's last day or later, releasing or keeping what is open.
  {
    weight: 1,
    arbitrary: fc
      .record({ action: fc.constantFrom('release' as const, 'keep' as const), at: fc.constantFrom('2027-09-30', '2027-10-15', '2028-01-01') })
      .map(({ action, at }) => ({ type: 'CloseOutGrant' as const, data: { decisions: {}, otherwise: { action }, now: new Date(`${at}T12:00:00Z`) } })),
  },
);

describe('budget line invariant (property)', () => {
  it('never commits more to a budget line than it holds, nor charges what the grant does not allow, whatever arrives in whatever order', () => {
    const accepted = new Map<string, number>();
    fc.assert(
      fc.property(restrictions, fc.array(command, { minLength: 10, maxLength: 80 }), (initial, rest) => {
        const commands: FundCommand[] = [
          { type: 'OpenFund', data: { fundId: 'voca', name: 'VOCA', restricted: true } },
          { type: 'ReceiveMoney', data: { donationId: 'd-0', amountCents: 30_000 } },
          { type: 'SetFundRestrictions', data: { restrictions: initial, now } },
          ...rest,
        ];
        let state: FundState = fundDecider.initialState();
        // Committed per line, counted from the events alone, independently of the decider's state.
        const lineOf = new Map<string, string>();
        const reservedBy = new Map<string, number>();
        const paid = new Map<string, { requestId: string; cents: number }>();
        let current: FundRestrictions = initial;
        let closed = false;
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
            const move = (id: string, cents: number) => reservedBy.set(id, (reservedBy.get(id) ?? 0) + cents);
            switch (event.type) {
              case 'FundRestrictionsSet':
                current = event.data.restrictions;
                break;
              case 'MoneyReserved': {
                // Nothing is charged to a grant after its close-out.
                expect(closed).toBe(false);
                const charge = (c as Extract<FundCommand, { type: 'ReserveMoney' }>).data.charge!;
                // Nothing the grant does not allow is ever charged to it.
                expect(current.purpose.categories).toContain(charge.category);
                expect(current.purpose.paymentMethods).toContain(charge.paymentMethod);
                expect(charge.on >= current.period.firstDay && charge.on <= current.period.lastDay).toBe(true);
                if (event.data.budgetLineId) lineOf.set(event.data.requestId, event.data.budgetLineId);
                move(event.data.requestId, event.data.amountCents);
                break;
              }
              case 'ReservationReleased':
                move(event.data.requestId, -event.data.amountCents);
                break;
              case 'MoneyDisbursed': {
                const on = (c as Extract<FundCommand, { type: 'DisburseMoney' }>).data.charge!.on;
                expect(on <= current.period.liquidationDeadline).toBe(true);
                move(event.data.requestId, -event.data.amountCents);
                paid.set(event.data.disbursementId, { requestId: event.data.requestId, cents: event.data.amountCents });
                break;
              }
              case 'DisbursementVoided':
                move(event.data.requestId, event.data.amountCents);
                paid.delete(event.data.disbursementId);
                break;
              case 'GrantClosedOut': {
                // Every reservation open at the close was decided, and what was released is gone.
                expect(event.data.outcomes.filter((o) => o.action === 'keep').map((o) => o.requestId).sort()).toEqual(
                  [...reservedBy].filter(([, cents]) => cents > 0).map(([id]) => id).sort(),
                );
                closed = true;
                break;
              }
            }
          }
          for (const line of current.budgetLines) {
            const onLine = (id: string) => lineOf.get(id) === line.lineId;
            const committed =
              [...reservedBy].filter(([id]) => onLine(id)).reduce((sum, [, cents]) => sum + cents, 0) +
              [...paid.values()].filter((p) => onLine(p.requestId)).reduce((sum, p) => sum + p.cents, 0);
            expect(committed).toBeLessThanOrEqual(line.amountCents);
          }
          expect(fundFigures(state).availableCents).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 400 },
    );
    // Worth something only if the runs reached every kind of movement, amendments included.
    for (const type of ['FundRestrictionsSet', 'MoneyReserved', 'ReservationReleased', 'MoneyDisbursed', 'DisbursementVoided', 'GrantClosedOut']) {
      expect(accepted.get(type) ?? 0).toBeGreaterThan(0);
    }
    expect(accepted.get('FundRestrictionsSet')!).toBeGreaterThan(400);
  });
});
