import { chooseFund, type FundOption } from './fund-choice';
import { fundDecider } from './fund.decider';
import type { FundEvent, FundRestrictions } from './fund.events';

const grant = (lastDay: string, lineCents = 50_000, categories = ['lodging', 'groceries']): FundRestrictions => ({
  purpose: { categories, paymentMethods: ['vendor_payment'] },
  period: { firstDay: '2026-10-01', lastDay, liquidationDeadline: '2028-12-31' },
  budgetLines: [{ lineId: 'needs', categories, amountCents: lineCents }],
});
const fund = (fundId: string, restrictions: FundRestrictions | null, receivedCents = 100_000): FundOption => {
  const events: FundEvent[] = [
    { type: 'FundOpened', data: { fundId, name: fundId, restricted: true } },
    { type: 'MoneyReceived', data: { donationId: 'd-1', amountCents: receivedCents } },
    ...(restrictions ? [{ type: 'FundRestrictionsSet' as const, data: { revision: 1, restrictions, effectiveOn: '2026-10-01' } }] : []),
  ];
  return { fundId, state: events.reduce(fundDecider.evolve, fundDecider.initialState()) };
};
const request = (category = 'lodging', amountCents = 10_000, on = '2026-11-02') => ({ requestId: 'r-1', amountCents, charge: { category, paymentMethod: 'vendor_payment', on } });

describe('choosing the fund of an approval', () => {
  it('draws from the eligible restricted fund whose period ends first', () => {
    const options = [fund('foundation', grant('2027-12-31')), fund('voca', grant('2027-09-30')), fund('county', grant('2028-06-30'))];
    expect(chooseFund(options, request(), 'general')).toEqual({ fundId: 'voca', choice: 'restricted_ending_first' });
  });

  it('breaks a tie on the last day by fund id, so the choice is the same on every replay', () => {
    expect(chooseFund([fund('zeta', grant('2027-09-30')), fund('alpha', grant('2027-09-30'))], request(), 'general').fundId).toBe('alpha');
  });

  it('passes over a fund whose grant does not allow the category, the day, the budget line or the balance, and falls back to general money', () => {
    const options = [
      fund('lodging-only', grant('2027-01-31', 50_000, ['lodging'])),
      fund('small-line', grant('2027-02-28', 5_000)),
      fund('ended', grant('2026-10-31')),
      fund('empty', grant('2027-03-31'), 1_000),
      fund('no-restrictions-yet', null),
    ];
    expect(chooseFund(options, request('groceries', 10_000), 'general')).toEqual({ fundId: 'general', choice: 'protocol_default' });
    expect(chooseFund(options, request('lodging', 4_000), 'general').fundId).toBe('lodging-only');
  });

  it('with no restricted funds, draws general money as before', () => {
    expect(chooseFund([], request(), 'general')).toEqual({ fundId: 'general', choice: 'protocol_default' });
  });
});
