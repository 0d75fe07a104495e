import { deciderSpec } from '@fund/event-sourcing/testing';
import { budgetActuals, fundDecider, reservationRefusal, type FundState } from './fund.decider';
import type { FundEvent, FundRestrictions } from './fund.events';

const spec = deciderSpec(fundDecider);
const now = new Date('2026-10-01T12:00:00Z');
const opened: FundEvent = { type: 'FundOpened', data: { fundId: 'voca', name: 'VOCA subaward', restricted: true } };
const received = (amountCents: number): FundEvent => ({ type: 'MoneyReceived', data: { donationId: 'd-1', amountCents } });
const grant: FundRestrictions = {
  purpose: { categories: ['lodging', 'relocation', 'groceries'], paymentMethods: ['vendor_payment'] },
  period: { firstDay: '2026-10-01', lastDay: '2027-09-30', liquidationDeadline: '2027-12-29' },
  budgetLines: [
    { lineId: 'housing', categories: ['lodging', 'relocation'], amountCents: 50_000 },
    { lineId: 'basic-needs', categories: ['groceries'], amountCents: 10_000 },
  ],
  match: { requiredCents: 12_500 },
};
const restricted = (restrictions: FundRestrictions = grant, revision = 1): FundEvent => ({ type: 'FundRestrictionsSet', data: { revision, restrictions, effectiveOn: '2026-10-01' } });
const lodging = { category: 'lodging', paymentMethod: 'vendor_payment', on: '2026-11-02' };
const reserved = (requestId: string, amountCents: number, budgetLineId = 'housing'): FundEvent => ({ type: 'MoneyReserved', data: { requestId, amountCents, budgetLineId } });
const disbursed = (requestId: string, disbursementId: string, amountCents: number): FundEvent => ({ type: 'MoneyDisbursed', data: { requestId, disbursementId, amountCents } });
const fold = (events: FundEvent[]): FundState => events.reduce(fundDecider.evolve, fundDecider.initialState());

describe('fund restrictions (decider)', () => {
  describe('SetFundRestrictions', () => {
    it('records the award as revision 1 and an amendment as revision 2, the earlier one kept', () => {
      spec.given([opened]).when({ type: 'SetFundRestrictions', data: { restrictions: grant, reference: 'Award 2026-V-17', now } }).then({
        type: 'FundRestrictionsSet',
        data: { revision: 1, restrictions: grant, effectiveOn: '2026-10-01', reference: 'Award 2026-V-17' },
      });
      const amended = { ...grant, budgetLines: [{ ...grant.budgetLines[0]!, amountCents: 40_000 }, grant.budgetLines[1]!] };
      spec.given([opened, restricted()]).when({ type: 'SetFundRestrictions', data: { restrictions: amended, now } }).then({
        type: 'FundRestrictionsSet',
        data: { revision: 2, restrictions: amended, effectiveOn: '2026-10-01' },
      });
      const state = fold([opened, restricted(), restricted(amended, 2)]);
      expect(state.status === 'open' && state.revisions.map((r) => r.revision)).toEqual([1, 2]);
    });

    it('refuses restrictions on a fund of unrestricted money', () => {
      const general: FundEvent = { type: 'FundOpened', data: { fundId: 'general', name: 'General', restricted: false } };
      spec.given([general]).when({ type: 'SetFundRestrictions', data: { restrictions: grant, now } }).thenThrows('FUND.NOT_RESTRICTED');
    });

    it.each([
      ['a period ending before it starts', { ...grant, period: { ...grant.period, lastDay: '2026-09-30' } }, 'FUND.PERIOD_OUT_OF_ORDER', { field: 'period.lastDay' }],
      ['a liquidation deadline before the last day', { ...grant, period: { ...grant.period, liquidationDeadline: '2027-09-01' } }, 'FUND.PERIOD_OUT_OF_ORDER', { field: 'period.liquidationDeadline' }],
      ['a category on two lines', { ...grant, budgetLines: [...grant.budgetLines, { lineId: 'more', categories: ['lodging'], amountCents: 1 }] }, 'FUND.BUDGET_LINE_OVERLAP', { category: 'lodging' }],
      ['a line for a category the purpose does not allow', { ...grant, budgetLines: [{ lineId: 'care', categories: ['childcare'], amountCents: 1 }] }, 'FUND.BUDGET_LINE_CATEGORY_NOT_ALLOWED', { category: 'childcare' }],
      ['the same line twice', { ...grant, budgetLines: [grant.budgetLines[0]!, grant.budgetLines[0]!] }, 'FUND.BUDGET_LINE_DUPLICATE', { lineId: 'housing' }],
    ])('refuses %s, naming the field', (_, restrictions, code, details) => {
      spec.given([opened]).when({ type: 'SetFundRestrictions', data: { restrictions: restrictions as FundRestrictions, now } }).thenThrows(code, details);
    });

    it('refuses an amendment that cuts a line below what it already holds, or drops it', () => {
      const given = [opened, received(100_000), restricted(), reserved('r-1', 30_000), disbursed('r-1', 'x-1', 10_000)];
      const cut = { ...grant, budgetLines: [{ ...grant.budgetLines[0]!, amountCents: 29_999 }, grant.budgetLines[1]!] };
      spec.given(given).when({ type: 'SetFundRestrictions', data: { restrictions: cut, now } }).thenThrows('FUND.BUDGET_LINE_BELOW_COMMITTED', { lineId: 'housing', committedCents: 30_000 });
      spec.given(given).when({ type: 'SetFundRestrictions', data: { restrictions: { ...grant, budgetLines: [grant.budgetLines[1]!] }, now } }).thenThrows('FUND.BUDGET_LINE_BELOW_COMMITTED');
    });
  });

  describe('ReserveMoney in a restricted fund', () => {
    const given = [opened, received(100_000), restricted()];

    it('reserves against the budget line of the category', () => {
      spec.given(given).when({ type: 'ReserveMoney', data: { requestId: 'r-1', amountCents: 20_000, charge: lodging } }).then(reserved('r-1', 20_000));
    });

    it.each([
      ['a category outside the purpose', { ...lodging, category: 'childcare' }, 'FUND.CATEGORY_NOT_ALLOWED', { rule: 'purpose.categories' }],
      ['a payment method outside the purpose', { ...lodging, paymentMethod: 'gift_card' }, 'FUND.PAYMENT_METHOD_NOT_ALLOWED', { rule: 'purpose.paymentMethods' }],
      ['a day before the period', { ...lodging, on: '2026-09-30' }, 'FUND.OUTSIDE_PERIOD_OF_PERFORMANCE', { rule: 'period' }],
      ['a day after the period', { ...lodging, on: '2027-10-01' }, 'FUND.OUTSIDE_PERIOD_OF_PERFORMANCE', { rule: 'period' }],
    ])('refuses %s, naming the rule', (_, charge, code, details) => {
      spec.given(given).when({ type: 'ReserveMoney', data: { requestId: 'r-1', amountCents: 1_000, charge } }).thenThrows(code, details);
    });

    it('refuses an agency whose provider type or county the grant does not cover', () => {
      const narrow = restricted({ ...grant, purpose: { ...grant.purpose, providerTypes: ['anti_trafficking_program'], counties: ['york'] } });
      const base = [opened, received(100_000), narrow];
      spec.given(base).when({ type: 'ReserveMoney', data: { requestId: 'r-1', amountCents: 1_000, charge: { ...lodging, providerType: 'other', county: 'york' } } }).thenThrows('FUND.PROVIDER_TYPE_NOT_ALLOWED');
      spec
        .given(base)
        .when({ type: 'ReserveMoney', data: { requestId: 'r-1', amountCents: 1_000, charge: { ...lodging, providerType: 'anti_trafficking_program', county: 'knox' } } })
        .thenThrows('FUND.COUNTY_NOT_ALLOWED');
      spec
        .given(base)
        .when({ type: 'ReserveMoney', data: { requestId: 'r-1', amountCents: 1_000, charge: { ...lodging, providerType: 'anti_trafficking_program', county: 'york' } } })
        .then(reserved('r-1', 1_000));
    });

    it('refuses more than the budget line has left, though the fund holds more, and says what is left', () => {
      spec
        .given([...given, reserved('r-1', 30_000), disbursed('r-1', 'x-1', 15_000)])
        .when({ type: 'ReserveMoney', data: { requestId: 'r-2', amountCents: 20_001, charge: lodging } })
        .thenThrows('FUND.BUDGET_LINE_EXCEEDED', { lineId: 'housing', remainingCents: 20_000, requestedCents: 20_001 });
    });

    it('gives a released reservation back to its line', () => {
      const release: FundEvent = { type: 'ReservationReleased', data: { requestId: 'r-1', amountCents: 50_000, reason: 'withdrawn' } };
      spec.given([...given, reserved('r-1', 50_000), release]).when({ type: 'ReserveMoney', data: { requestId: 'r-2', amountCents: 50_000, charge: lodging } }).then(reserved('r-2', 50_000));
    });

    it('refuses a reservation that does not say what it is for', () => {
      spec.given(given).when({ type: 'ReserveMoney', data: { requestId: 'r-1', amountCents: 1_000 } }).thenThrows('FUND.CHARGE_REQUIRED');
    });

    it('still refuses more than the fund holds', () => {
      spec.given([opened, received(5_000), restricted()]).when({ type: 'ReserveMoney', data: { requestId: 'r-1', amountCents: 6_000, charge: lodging } }).thenThrows('FUND.INSUFFICIENT_FUNDS');
    });

    it('answers the same question without deciding, for the fund choice', () => {
      const state = fold(given);
      expect(reservationRefusal(state, 'r-1', 50_000, lodging)).toBeNull();
      expect(reservationRefusal(state, 'r-1', 50_001, lodging)?.code).toBe('FUND.BUDGET_LINE_EXCEEDED');
    });
  });

  describe('DisburseMoney from a restricted fund', () => {
    const given = [opened, received(100_000), restricted(), reserved('r-1', 30_000)];
    const pay = (on: string, paymentMethod = 'vendor_payment') => ({ type: 'DisburseMoney' as const, data: { requestId: 'r-1', disbursementId: 'x-1', amountCents: 10_000, charge: { paymentMethod, on } } });

    it('pays after the period ends, until the liquidation deadline', () => {
      spec.given(given).when(pay('2027-12-29')).then(disbursed('r-1', 'x-1', 10_000));
    });

    it('refuses a payment after the liquidation deadline, or by a method the grant does not allow', () => {
      spec.given(given).when(pay('2027-12-30')).thenThrows('FUND.OUTSIDE_LIQUIDATION_PERIOD', { rule: 'period.liquidationDeadline' });
      spec.given(given).when(pay('2027-01-04', 'gift_card')).thenThrows('FUND.PAYMENT_METHOD_NOT_ALLOWED');
    });
  });

  it('shows budget vs actual per line', () => {
    const state = fold([opened, received(100_000), restricted(), reserved('r-1', 30_000), disbursed('r-1', 'x-1', 10_000), reserved('r-2', 2_000, 'basic-needs')]);
    expect(budgetActuals(state)).toEqual([
      { lineId: 'housing', categories: ['lodging', 'relocation'], budgetCents: 50_000, reservedCents: 20_000, spentCents: 10_000, remainingCents: 20_000 },
      { lineId: 'basic-needs', categories: ['groceries'], budgetCents: 10_000, reservedCents: 2_000, spentCents: 0, remainingCents: 8_000 },
    ]);
  });

  it('folds a stream written before restrictions existed exactly as before', () => {
    const state = fold([{ type: 'FundOpened', data: { fundId: 'general', name: 'General', restricted: false } }, received(1_000), { type: 'MoneyReserved', data: { requestId: 'r-1', amountCents: 400 } }]);
    expect(state).toMatchObject({ status: 'open', restrictions: null, revisions: [], chargedTo: {}, reservations: { 'r-1': 400 } });
    spec.given([{ type: 'FundOpened', data: { fundId: 'general', name: 'General', restricted: false } }, received(1_000)]).when({ type: 'ReserveMoney', data: { requestId: 'r-2', amountCents: 600 } }).then({
      type: 'MoneyReserved',
      data: { requestId: 'r-2', amountCents: 600 },
    });
  });
});
