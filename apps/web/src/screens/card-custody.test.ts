import { describe, expect, it } from 'vitest';
import { countsAwaitingApproval, purchasesOnOrder } from './card-custody.js';

describe('what waits for a second coordinator', () => {
  it('groups the cards on order by purchase', () => {
    const card = (serial: string, status: Parameters<typeof purchasesOnOrder>[0][number]['status'], sourceId: string | null) => ({ serial, status, sourceId, itemId: 'grocery-card-50', faceValueCents: 5_000, purchasedBy: 'coord-1', paidOn: '2026-12-01' });
    expect(purchasesOnOrder([card('A', 'on_order', 'po-1'), card('B', 'on_order', 'po-1'), card('C', 'on_hand', 'po-0'), card('D', 'on_order', 'po-2')])).toEqual([
      { purchaseId: 'po-1', itemId: 'grocery-card-50', cards: 2, faceValueCents: 5_000, purchasedBy: 'coord-1', paidOn: '2026-12-01' },
      { purchaseId: 'po-2', itemId: 'grocery-card-50', cards: 1, faceValueCents: 5_000, purchasedBy: 'coord-1', paidOn: '2026-12-01' },
    ]);
  });

  it('lists the counts whose missing cards are not yet written off, never unexpected ones or approved ones', () => {
    const v = (countId: string, finding: 'missing' | 'unexpected', adjusted: boolean) => ({ countId, countedOn: '2026-12-02', custodian: 'office-safe', finding, adjusted });
    expect(
      countsAwaitingApproval([
        { serial: 'A', variances: [v('c-1', 'missing', false)] },
        { serial: 'B', variances: [v('c-1', 'missing', false), v('c-0', 'missing', true)] },
        { serial: 'C', variances: [v('c-2', 'unexpected', false)] },
      ]),
    ).toEqual([{ countId: 'c-1', countedOn: '2026-12-02', custodian: 'office-safe', missing: ['A', 'B'] }]);
  });
});
