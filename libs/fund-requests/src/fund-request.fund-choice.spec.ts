import { followUp } from '@fund/event-sourcing';
import { deciderSpec, planSpec } from '@fund/event-sourcing/testing';
import { fundDecider, fundStreamId, type FundEvent, type FundOption, type FundRestrictions } from '@fund/funds';
import { survivorReferenceDecider, survivorStreamId } from '@fund/organizations';
import { DEMO_PROTOCOL_RULES, type ProtocolInForce } from '@fund/protocols';
import type { FundRequestCommand } from './fund-request.commands';
import { fundRequestDecider } from './fund-request.decider';
import type { FundRequestEvent } from './fund-request.events';
import { fundRequestPlan } from './fund-request.plan';
import { NOT_COLLECTED } from './vocabulary';

const rules = { ...DEMO_PROTOCOL_RULES, defaultFundId: 'general' };
const protocol: ProtocolInForce = { version: '2026-1', rules };
const now = new Date('2026-11-02T15:00:00Z');
const spec = deciderSpec(fundRequestDecider);
const plan = planSpec(fundRequestDecider, (decision) => fundRequestPlan({ ...decision, protocol }));

const submitted = (category = 'lodging', amountCents = 30_000): FundRequestEvent => ({
  type: 'FundRequestSubmitted',
  data: {
    requestId: 'r1',
    organizationId: 'org-a',
    submitterId: 'adv-1',
    survivorReference: 'SR-AAAA-BBBB-CCCC',
    category,
    amountCents,
    paymentMethod: 'vendor_payment',
    urgency: 'standard',
    neededBy: '2026-11-05',
    demographics: NOT_COLLECTED,
    hasNarrative: false,
    // One approval decides, so each spec is about the fund and not the tiers.
    expedited: true,
    submittedAt: '2026-11-01T09:00:00.000Z',
  },
});
const grant = (lastDay: string, categories = ['lodging', 'relocation']): FundRestrictions => ({
  purpose: { categories, paymentMethods: ['vendor_payment'] },
  period: { firstDay: '2026-10-01', lastDay, liquidationDeadline: '2028-12-31' },
  budgetLines: [{ lineId: 'housing', categories, amountCents: 50_000 }],
});
const restrictedFund = (fundId: string, restrictions: FundRestrictions): FundOption => {
  const events: FundEvent[] = [
    { type: 'FundOpened', data: { fundId, name: fundId, restricted: true } },
    { type: 'MoneyReceived', data: { donationId: 'd-1', amountCents: 100_000 } },
    { type: 'FundRestrictionsSet', data: { revision: 1, restrictions, effectiveOn: '2026-10-01' } },
  ];
  return { fundId, state: events.reduce(fundDecider.evolve, fundDecider.initialState()) };
};
const agency = { providerType: 'anti_trafficking_program', county: 'york' };
const approve = (extra: { fundId?: string; funds?: FundOption[] } = {}): FundRequestCommand => ({
  type: 'CastRequestVote',
  data: { memberId: 'c1', organizationId: 'org-b', vote: 'approve', amountCents: 30_000, reasonCode: null, fundId: extra.fundId ?? null, now, rules, ...(extra.funds ? { funds: extra.funds, agency } : {}) },
});
const cast: FundRequestEvent = { type: 'RequestVoteCast', data: { memberId: 'c1', organizationId: 'org-b', vote: 'approve', amountCents: 30_000, reasonCode: null } };
const approved = (fundId: string, fundChoice?: 'named' | 'restricted_ending_first' | 'protocol_default'): FundRequestEvent => ({
  type: 'FundRequestApproved',
  data: { amountCents: 30_000, fundId, approverIds: ['c1'], expedited: true, decidedAt: now.toISOString(), ...(fundChoice ? { fundChoice, agency } : {}) },
});

describe('which fund an approval draws from', () => {
  const voca = restrictedFund('voca', grant('2027-09-30'));
  const foundation = restrictedFund('foundation', grant('2027-12-31'));

  it('draws from the eligible restricted fund whose period ends first, and says so', () => {
    spec.given([submitted()]).when(approve({ funds: [foundation, voca] })).then([cast, approved('voca', 'restricted_ending_first')]);
  });

  it('never charges a restricted fund for a category its grant does not allow: general money pays', () => {
    spec.given([submitted('groceries')]).when(approve({ funds: [foundation, voca] })).then([cast, approved('general', 'protocol_default')]);
  });

  it('passes over a grant whose budget line is spent', () => {
    const spent = restrictedFund('voca', { ...grant('2027-09-30'), budgetLines: [{ lineId: 'housing', categories: ['lodging', 'relocation'], amountCents: 29_999 }] });
    spec.given([submitted()]).when(approve({ funds: [spent, foundation] })).then([cast, approved('foundation', 'restricted_ending_first')]);
  });

  it('takes the fund named on the vote over the rule', () => {
    spec.given([submitted()]).when(approve({ fundId: 'general', funds: [voca] })).then([cast, approved('general', 'named')]);
  });

  it('decides as before when no restricted funds were weighed (approvals replayed from before them)', () => {
    spec.given([submitted()]).when(approve()).then([cast, approved('general')]);
  });

  it("reserves in the chosen fund stating the charge (category, method, day, agency), so the fund's own decider checks the grant", () => {
    plan
      .given([submitted()])
      .when(approve({ funds: [voca] }))
      .then([
        followUp(
          fundStreamId('voca'),
          fundDecider,
          { type: 'ReserveMoney', data: { requestId: 'r1', amountCents: 30_000, charge: { category: 'lodging', paymentMethod: 'vendor_payment', on: '2026-11-02', ...agency } } },
          { protocolVersion: '2026-1' },
        ),
        followUp(survivorStreamId('SR-AAAA-BBBB-CCCC'), survivorReferenceDecider, {
          type: 'CommitSupport',
          data: { requestId: 'r1', amountCents: 30_000, now, capPer12MonthsCents: rules.capPerSurvivorPer12MonthsCents },
        }),
      ]);
  });

  it('refuses, naming the rule, a named restricted fund whose grant does not allow the category: the reservation is refused and nothing is written', () => {
    const decided = [...[submitted('groceries')], cast, { ...approved('voca', 'named') }];
    const state = decided.reduce(fundRequestDecider.evolve, fundRequestDecider.initialState());
    const [reservation] = fundRequestPlan({ before: [submitted('groceries')].reduce(fundRequestDecider.evolve, fundRequestDecider.initialState()), events: decided.slice(1), protocol });
    expect(state.status).toBe('approved');
    expect(() => fundDecider.decide(reservation!.command as Parameters<typeof fundDecider.decide>[0], voca.state)).toThrow(expect.objectContaining({ code: 'FUND.CATEGORY_NOT_ALLOWED' }));
  });
});
