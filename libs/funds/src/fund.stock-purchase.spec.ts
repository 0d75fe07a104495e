import { deciderSpec } from '@fund/event-sourcing/testing';
import { fundDecider, fundFigures, type SpendOnStock } from './fund.decider';
import type { FundEvent } from './fund.events';

/** Card purchases (issue 15): money leaves the fund for a vendor, from what approvals have not already claimed. */
const spec = deciderSpec(fundDecider);
const opened: FundEvent = { type: 'FundOpened', data: { fundId: 'general', name: 'General', restricted: false } };
const received: FundEvent = { type: 'MoneyReceived', data: { donationId: 'd-1', amountCents: 20_000 } };
const reserved: FundEvent = { type: 'MoneyReserved', data: { requestId: 'r-1', amountCents: 5_000 } };
const spend = (amountCents: number): SpendOnStock => ({
  type: 'SpendOnStock',
  data: { purchaseId: 'po-1', amountCents, paidOn: '2026-11-19', payeeId: 'grocer-co', charge: { category: 'groceries', paymentMethod: 'gift_card', on: '2026-11-19' } },
});

describe('fund decider: SpendOnStock', () => {
  it('spends on cards what is available, naming the purchase and the vendor', () => {
    spec
      .given([opened, received, reserved])
      .when(spend(15_000))
      .then({ type: 'MoneySpentOnStock', data: { purchaseId: 'po-1', amountCents: 15_000, paidOn: '2026-11-19', payeeId: 'grocer-co' } });
  });

  it('never touches money reserved for approved requests', () => {
    spec.given([opened, received, reserved]).when(spend(15_001)).thenThrows('FUND.INSUFFICIENT_FUNDS', { availableCents: 15_000, requestedCents: 15_001 });
  });

  it('counts the purchase as money out of the fund', () => {
    const spent: FundEvent = { type: 'MoneySpentOnStock', data: { purchaseId: 'po-1', amountCents: 15_000, paidOn: '2026-11-19', payeeId: 'grocer-co' } };
    const state = [opened, received, reserved, spent].reduce(fundDecider.evolve, fundDecider.initialState());
    expect(fundFigures(state)).toMatchObject({ balanceCents: 5_000, availableCents: 0 });
  });

  it("holds a grant to its purpose: cards for a category it does not pay for are refused", () => {
    const grant: FundEvent = { type: 'FundOpened', data: { fundId: 'voca', name: 'VOCA', restricted: true } };
    const restrictions: FundEvent = {
      type: 'FundRestrictionsSet',
      data: {
        revision: 1,
        effectiveOn: '2026-10-01',
        restrictions: { purpose: { categories: ['lodging'], paymentMethods: ['gift_card'] }, period: { firstDay: '2026-10-01', lastDay: '2027-09-30', liquidationDeadline: '2027-12-29' }, budgetLines: [] },
      },
    };
    spec.given([grant, restrictions, received]).when(spend(1_000)).thenThrows('FUND.CATEGORY_NOT_ALLOWED');
  });
});
