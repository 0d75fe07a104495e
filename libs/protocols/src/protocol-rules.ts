import { EXPENSE_CATEGORIES, isExpenseCategory, type ExpenseCategory } from './expense-categories';

export interface ApprovalTier {
  /** Inclusive upper bound of the tier; null on the last tier, which has no upper bound. */
  readonly upToCents: number | null;
  readonly approvalsRequired: number;
}

export interface ExpeditedPath {
  readonly enabled: boolean;
  /** One on-call approver may approve up to this much, at once, for an emergency. */
  readonly capCents: number;
  readonly decisionWithinHours: number;
  /** The council confirms (or not) an expedited approval within this many days. */
  readonly ratificationWithinDays: number;
}

export const OVERDUE_RECEIPT_CONSEQUENCES = ['none', 'block_new_requests'] as const;
export type OverdueReceiptConsequence = (typeof OVERDUE_RECEIPT_CONSEQUENCES)[number];

/** The council-approved rules one protocol version holds (docs/domain-model.md, Protocols). */
export interface ProtocolRules {
  readonly eligibleCategories: readonly ExpenseCategory[];
  readonly capPerRequestCents: number;
  /** Rolling 365 days, per survivor reference. */
  readonly capPerSurvivorPer12MonthsCents: number;
  readonly approvalTiers: readonly ApprovalTier[];
  readonly expedited: ExpeditedPath;
  readonly receiptDeadlineDays: number;
  readonly overdueReceiptConsequence: OverdueReceiptConsequence;
  /** OVC guidance is $100 per card. */
  readonly giftCardFaceValueLimitCents: number;
  /** Council approvals needed to adopt the *next* version. */
  readonly protocolQuorum: number;
  /** The fund approved requests reserve money in. */
  readonly defaultFundId: string;
  /** An undecided request expires this many days after submission. */
  readonly requestExpiryDays: number;
  /** Narratives are crypto-shredded this many days after the request closes. */
  readonly narrativeRetentionDays: number;
}

/** Funds, organizations, stock items and protocol versions are named by short slugs. */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

/**
 * Bounds shared by the HTTP edge and the decider, so a value the API accepts is a value the
 * domain accepts. Upper bounds keep a typo (an extra zero) from becoming policy.
 */
export const RULE_LIMITS = {
  maxAmountCents: 100_000_000,
  maxApprovalTiers: 10,
  maxApprovalsRequired: 25,
  // Beyond a week a decision is no longer "expedited".
  maxDecisionWithinHours: 168,
  maxRatificationWithinDays: 90,
  maxReceiptDeadlineDays: 365,
  maxProtocolQuorum: 100,
  maxRequestExpiryDays: 365,
  maxNarrativeRetentionDays: 3650,
} as const;

export interface RuleProblem {
  /** Path inside the rules, like `approvalTiers.1.upToCents`. */
  readonly field: string;
  readonly rule: string;
}

/** How many council approvals a request of this amount needs under these rules. */
export function approvalsRequiredFor(rules: Pick<ProtocolRules, 'approvalTiers'>, amountCents: number): number {
  const tier = rules.approvalTiers.find((t) => t.upToCents === null || amountCents <= t.upToCents) ?? rules.approvalTiers.at(-1);
  if (!tier) throw new Error('Protocol rules without approval tiers (validateRules refuses them)');
  return tier.approvalsRequired;
}

function integerIn(field: string, value: number, min: number, max: number): RuleProblem[] {
  if (!Number.isInteger(value)) return [{ field, rule: 'integer' }];
  if (value < min) return [{ field, rule: 'min' }];
  if (value > max) return [{ field, rule: 'max' }];
  return [];
}

function categoryProblems(categories: readonly string[]): RuleProblem[] {
  if (categories.length === 0) return [{ field: 'eligibleCategories', rule: 'notEmpty' }];
  return categories.flatMap((category, i): RuleProblem[] => {
    const field = `eligibleCategories.${i}`;
    if (!isExpenseCategory(category)) return [{ field, rule: 'oneOf' }];
    return categories.indexOf(category) < i ? [{ field, rule: 'unique' }] : [];
  });
}

function tierProblems(tiers: readonly ApprovalTier[]): RuleProblem[] {
  if (tiers.length === 0) return [{ field: 'approvalTiers', rule: 'notEmpty' }];
  if (tiers.length > RULE_LIMITS.maxApprovalTiers) return [{ field: 'approvalTiers', rule: 'maxSize' }];
  return tiers.flatMap((tier, i): RuleProblem[] => {
    const at = `approvalTiers.${i}`;
    const last = i === tiers.length - 1;
    const previous = i > 0 ? tiers[i - 1] : undefined;
    const problems = integerIn(`${at}.approvalsRequired`, tier.approvalsRequired, 1, RULE_LIMITS.maxApprovalsRequired);
    // A bigger request never needs fewer approvals than a smaller one.
    if (previous && problems.length === 0 && tier.approvalsRequired < previous.approvalsRequired) {
      problems.push({ field: `${at}.approvalsRequired`, rule: 'nonDecreasing' });
    }
    if (tier.upToCents === null) {
      if (!last) problems.push({ field: `${at}.upToCents`, rule: 'onlyLastUnbounded' });
      return problems;
    }
    if (last) problems.push({ field: `${at}.upToCents`, rule: 'lastUnbounded' });
    const bound = integerIn(`${at}.upToCents`, tier.upToCents, 1, RULE_LIMITS.maxAmountCents);
    if (bound.length === 0 && typeof previous?.upToCents === 'number' && tier.upToCents <= previous.upToCents) {
      bound.push({ field: `${at}.upToCents`, rule: 'ascending' });
    }
    return [...problems, ...bound];
  });
}

/** `capPerRequestCents` is null when it is itself invalid: one mistake, one problem. */
function expeditedProblems(expedited: ExpeditedPath, capPerRequestCents: number | null): RuleProblem[] {
  // A disabled path's numbers are never used, so zeros are fine there.
  const min = expedited.enabled ? 1 : 0;
  const problems = [
    ...integerIn('expedited.capCents', expedited.capCents, min, RULE_LIMITS.maxAmountCents),
    ...integerIn('expedited.decisionWithinHours', expedited.decisionWithinHours, min, RULE_LIMITS.maxDecisionWithinHours),
    ...integerIn('expedited.ratificationWithinDays', expedited.ratificationWithinDays, min, RULE_LIMITS.maxRatificationWithinDays),
  ];
  if (expedited.enabled && capPerRequestCents !== null && !problems.some((p) => p.field === 'expedited.capCents') && expedited.capCents > capPerRequestCents) {
    problems.push({ field: 'expedited.capCents', rule: 'atMostCapPerRequest' });
  }
  return problems;
}

/** Every way these rules are unusable; empty when they can be put in force. */
export function validateRules(rules: ProtocolRules): RuleProblem[] {
  const capPerRequest = integerIn('capPerRequestCents', rules.capPerRequestCents, 1, RULE_LIMITS.maxAmountCents);
  const capPerSurvivor = integerIn('capPerSurvivorPer12MonthsCents', rules.capPerSurvivorPer12MonthsCents, 1, RULE_LIMITS.maxAmountCents);
  if (capPerRequest.length === 0 && capPerSurvivor.length === 0 && rules.capPerSurvivorPer12MonthsCents < rules.capPerRequestCents) {
    capPerSurvivor.push({ field: 'capPerSurvivorPer12MonthsCents', rule: 'atLeastCapPerRequest' });
  }
  return [
    ...categoryProblems(rules.eligibleCategories),
    ...capPerRequest,
    ...capPerSurvivor,
    ...tierProblems(rules.approvalTiers),
    ...expeditedProblems(rules.expedited, capPerRequest.length === 0 ? rules.capPerRequestCents : null),
    ...integerIn('receiptDeadlineDays', rules.receiptDeadlineDays, 1, RULE_LIMITS.maxReceiptDeadlineDays),
    ...((OVERDUE_RECEIPT_CONSEQUENCES as readonly string[]).includes(rules.overdueReceiptConsequence)
      ? []
      : [{ field: 'overdueReceiptConsequence', rule: 'oneOf' }]),
    ...integerIn('giftCardFaceValueLimitCents', rules.giftCardFaceValueLimitCents, 1, RULE_LIMITS.maxAmountCents),
    ...integerIn('protocolQuorum', rules.protocolQuorum, 1, RULE_LIMITS.maxProtocolQuorum),
    ...(SLUG_PATTERN.test(rules.defaultFundId) ? [] : [{ field: 'defaultFundId', rule: 'slug' }]),
    ...integerIn('requestExpiryDays', rules.requestExpiryDays, 1, RULE_LIMITS.maxRequestExpiryDays),
    ...integerIn('narrativeRetentionDays', rules.narrativeRetentionDays, 1, RULE_LIMITS.maxNarrativeRetentionDays),
  ];
}

/** A statewide fund's sensible starting point; seeds the demo and the tests. */
export const DEMO_PROTOCOL_RULES: ProtocolRules = {
  eligibleCategories: [...EXPENSE_CATEGORIES],
  capPerRequestCents: 50_000,
  capPerSurvivorPer12MonthsCents: 150_000,
  approvalTiers: [
    { upToCents: 25_000, approvalsRequired: 1 },
    { upToCents: null, approvalsRequired: 2 },
  ],
  expedited: { enabled: true, capCents: 15_000, decisionWithinHours: 24, ratificationWithinDays: 14 },
  receiptDeadlineDays: 14,
  overdueReceiptConsequence: 'block_new_requests',
  giftCardFaceValueLimitCents: 10_000,
  protocolQuorum: 3,
  defaultFundId: 'general',
  requestExpiryDays: 30,
  narrativeRetentionDays: 90,
};
