import fc from 'fast-check';
import { asArray, CodedError } from '@fund/event-sourcing';
import { stockDecider, type StockCommand, type StockState } from './stock.decider';
import { ADJUSTMENT_REASONS, STOCK_KINDS, type StockEvent } from './stock.events';

// A small pool of serials, so commands often name cards that are (or were) on hand.
const serial = fc.constantFrom('S-1', 'S-2', 'S-3', 'S-4', 'S-5', 'S-6');
const serials = fc.oneof(fc.constant(null), fc.uniqueArray(serial, { maxLength: 4 }), fc.array(serial, { maxLength: 4 }));
const quantity = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 4 }) }, { weight: 1, arbitrary: fc.integer({ min: -3, max: 0 }) });

const command = (kind: (typeof STOCK_KINDS)[number]): fc.Arbitrary<StockCommand> =>
  fc.oneof(
    fc
      .record({ quantity, serials, unitValueCents: fc.constantFrom(2_500, 2_500, 5_000) })
      .map(({ quantity, serials, unitValueCents }) => ({
        type: 'ReceiveStock' as const,
        data: { itemId: 'item', kind, category: 'groceries' as const, quantity, unitValueCents, serials, donationId: null },
      })),
    fc
      .record({ quantity, serials, disbursementId: fc.constantFrom('x-1', 'x-2', 'x-3', 'x-4', 'x-5') })
      .map((data) => ({ type: 'IssueStock' as const, data: { ...data, requestId: 'r-1' } })),
    fc
      .record({ quantity, serials, reason: fc.constantFrom(...ADJUSTMENT_REASONS) })
      .map(({ quantity, serials, reason }) => ({ type: 'AdjustStock' as const, data: { quantityDelta: -quantity, reason, serials } })),
  );

describe('stock invariant (property)', () => {
  it.each(['gift_card', 'goods'] as const)('never has a negative count of %s, and the serials on hand match the count', (kind) => {
    const accepted = new Map<string, number>();
    fc.assert(
      fc.property(fc.array(command(kind), { minLength: 5, maxLength: 60 }), (commands) => {
        let state: StockState = stockDecider.initialState();
        for (const c of commands) {
          let events: readonly StockEvent[];
          try {
            events = asArray(stockDecider.decide(c, state));
          } catch (error) {
            if (!(error instanceof CodedError)) throw error;
            continue;
          }
          for (const event of events) {
            state = stockDecider.evolve(state, event);
            accepted.set(event.type, (accepted.get(event.type) ?? 0) + 1);
          }
          if (state.status !== 'tracked') continue;
          expect(state.onHand).toBeGreaterThanOrEqual(0);
          if (kind === 'goods') expect(state.availableSerials).toEqual([]);
          else {
            expect(state.availableSerials).toHaveLength(state.onHand);
            expect(new Set(state.availableSerials).size).toBe(state.onHand);
          }
        }
      }),
      { numRuns: 400 },
    );
    // Not vacuous: stock really came in, went out and was written off.
    for (const type of ['StockReceived', 'StockIssued', 'StockAdjusted']) expect(accepted.get(type) ?? 0).toBeGreaterThan(0);
  });
});
