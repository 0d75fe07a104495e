import { approvalsRequiredFor, DEMO_PROTOCOL_RULES, validateRules, type ProtocolRules } from './protocol-rules';
import type { ExpenseCategory } from './expense-categories';

const rules = DEMO_PROTOCOL_RULES;
const problemsOf = (changes: Partial<ProtocolRules>) => validateRules({ ...rules, ...changes });

describe('approvalsRequiredFor', () => {
  it('uses the first tier whose bound covers the amount, bounds inclusive', () => {
    expect(approvalsRequiredFor(rules, 1)).toBe(1);
    expect(approvalsRequiredFor(rules, 25_000)).toBe(1);
    expect(approvalsRequiredFor(rules, 25_001)).toBe(2);
    expect(approvalsRequiredFor(rules, 50_000)).toBe(2);
  });

  it('handles more than two tiers and a single unbounded tier', () => {
    const three = { approvalTiers: [{ upToCents: 10_000, approvalsRequired: 1 }, { upToCents: 30_000, approvalsRequired: 2 }, { upToCents: null, approvalsRequired: 3 }] };
    expect([5_000, 10_001, 30_000, 30_001].map((a) => approvalsRequiredFor(three, a))).toEqual([1, 2, 2, 3]);
    expect(approvalsRequiredFor({ approvalTiers: [{ upToCents: null, approvalsRequired: 2 }] }, 100)).toBe(2);
  });
});

describe('validateRules', () => {
  it('accepts the demo rules', () => {
    expect(validateRules(rules)).toEqual([]);
  });

  it('wants at least one category, each known, none twice', () => {
    expect(problemsOf({ eligibleCategories: [] })).toEqual([{ field: 'eligibleCategories', rule: 'notEmpty' }]);
    expect(problemsOf({ eligibleCategories: ['groceries', 'groceries', 'cash' as ExpenseCategory] })).toEqual([
      { field: 'eligibleCategories.1', rule: 'unique' },
      { field: 'eligibleCategories.2', rule: 'oneOf' },
    ]);
  });

  it('wants caps as positive whole cents within the money limit', () => {
    expect(problemsOf({ capPerRequestCents: 0 })).toEqual([{ field: 'capPerRequestCents', rule: 'min' }]);
    expect(problemsOf({ capPerRequestCents: 100.5 })).toEqual([{ field: 'capPerRequestCents', rule: 'integer' }]);
    expect(problemsOf({ capPerSurvivorPer12MonthsCents: 100_000_001 })).toEqual([{ field: 'capPerSurvivorPer12MonthsCents', rule: 'max' }]);
    expect(problemsOf({ giftCardFaceValueLimitCents: -1 })).toEqual([{ field: 'giftCardFaceValueLimitCents', rule: 'min' }]);
  });

  it('wants the 12-month cap at least the cap per request', () => {
    expect(problemsOf({ capPerSurvivorPer12MonthsCents: 49_999 })).toEqual([{ field: 'capPerSurvivorPer12MonthsCents', rule: 'atLeastCapPerRequest' }]);
    expect(problemsOf({ capPerSurvivorPer12MonthsCents: 50_000 })).toEqual([]);
  });

  describe('approval tiers', () => {
    it('wants at least one, at most ten', () => {
      expect(problemsOf({ approvalTiers: [] })).toEqual([{ field: 'approvalTiers', rule: 'notEmpty' }]);
      const many = [...Array.from({ length: 10 }, (_, i) => ({ upToCents: (i + 1) * 1000, approvalsRequired: 1 })), { upToCents: null, approvalsRequired: 1 }];
      expect(problemsOf({ approvalTiers: many })).toEqual([{ field: 'approvalTiers', rule: 'maxSize' }]);
    });

    it('wants bounds strictly ascending', () => {
      expect(
        problemsOf({
          approvalTiers: [
            { upToCents: 25_000, approvalsRequired: 1 },
            { upToCents: 25_000, approvalsRequired: 2 },
            { upToCents: null, approvalsRequired: 2 },
          ],
        }),
      ).toEqual([{ field: 'approvalTiers.1.upToCents', rule: 'ascending' }]);
    });

    it('wants the last tier unbounded and only the last', () => {
      expect(problemsOf({ approvalTiers: [{ upToCents: 25_000, approvalsRequired: 1 }] })).toEqual([{ field: 'approvalTiers.0.upToCents', rule: 'lastUnbounded' }]);
      expect(
        problemsOf({
          approvalTiers: [
            { upToCents: null, approvalsRequired: 1 },
            { upToCents: null, approvalsRequired: 2 },
          ],
        }),
      ).toEqual([{ field: 'approvalTiers.0.upToCents', rule: 'onlyLastUnbounded' }]);
    });

    it('wants approvals between 1 and 25 that never drop as amounts grow', () => {
      expect(problemsOf({ approvalTiers: [{ upToCents: 25_000, approvalsRequired: 0 }, { upToCents: null, approvalsRequired: 26 }] })).toEqual([
        { field: 'approvalTiers.0.approvalsRequired', rule: 'min' },
        { field: 'approvalTiers.1.approvalsRequired', rule: 'max' },
      ]);
      expect(problemsOf({ approvalTiers: [{ upToCents: 25_000, approvalsRequired: 2 }, { upToCents: null, approvalsRequired: 1 }] })).toEqual([
        { field: 'approvalTiers.1.approvalsRequired', rule: 'nonDecreasing' },
      ]);
    });

    it('wants bounds as positive whole cents', () => {
      expect(problemsOf({ approvalTiers: [{ upToCents: -5, approvalsRequired: 1 }, { upToCents: null, approvalsRequired: 2 }] })).toEqual([
        { field: 'approvalTiers.0.upToCents', rule: 'min' },
      ]);
    });
  });

  describe('expedited path', () => {
    const expedited = rules.expedited;

    it('wants the expedited cap at most the cap per request', () => {
      expect(problemsOf({ expedited: { ...expedited, capCents: 50_001 } })).toEqual([{ field: 'expedited.capCents', rule: 'atMostCapPerRequest' }]);
      expect(problemsOf({ expedited: { ...expedited, capCents: 50_000 } })).toEqual([]);
    });

    it('wants a decision within a week and ratification within 90 days', () => {
      expect(problemsOf({ expedited: { ...expedited, decisionWithinHours: 0, ratificationWithinDays: 91 } })).toEqual([
        { field: 'expedited.decisionWithinHours', rule: 'min' },
        { field: 'expedited.ratificationWithinDays', rule: 'max' },
      ]);
      expect(problemsOf({ expedited: { ...expedited, decisionWithinHours: 169 } })).toEqual([{ field: 'expedited.decisionWithinHours', rule: 'max' }]);
    });

    it('lets a disabled path carry zeros, and ignores its cap', () => {
      expect(problemsOf({ expedited: { enabled: false, capCents: 0, decisionWithinHours: 0, ratificationWithinDays: 0 } })).toEqual([]);
      expect(problemsOf({ expedited: { enabled: false, capCents: 90_000, decisionWithinHours: 24, ratificationWithinDays: 14 } })).toEqual([]);
      expect(problemsOf({ expedited: { enabled: false, capCents: -1, decisionWithinHours: 0, ratificationWithinDays: 0 } })).toEqual([{ field: 'expedited.capCents', rule: 'min' }]);
    });
  });

  it('checks days, quorum, consequence and fund id', () => {
    expect(
      problemsOf({
        receiptDeadlineDays: 0,
        overdueReceiptConsequence: 'fine' as ProtocolRules['overdueReceiptConsequence'],
        protocolQuorum: 0,
        defaultFundId: 'General Fund',
        requestExpiryDays: 366,
        narrativeRetentionDays: 1.5,
      }),
    ).toEqual([
      { field: 'receiptDeadlineDays', rule: 'min' },
      { field: 'overdueReceiptConsequence', rule: 'oneOf' },
      { field: 'protocolQuorum', rule: 'min' },
      { field: 'defaultFundId', rule: 'slug' },
      { field: 'requestExpiryDays', rule: 'max' },
      { field: 'narrativeRetentionDays', rule: 'integer' },
    ]);
  });
});
