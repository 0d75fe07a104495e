import type { BudgetLine, FundRestrictions } from './fund.events';

/**
 * What a reservation in a restricted fund is for, read off the request and its decision. `on` is
 * the day the money is committed (the approval's day, `YYYY-MM-DD`); provider type and county are
 * the requesting agency's, when the grant narrows who may be helped.
 */
export interface Charge {
  readonly category: string;
  readonly paymentMethod: string;
  readonly on: string;
  readonly providerType?: string;
  readonly county?: string;
}

/** How and when money already reserved is paid out: `on` is the day the money moved. */
export interface PaymentCharge {
  readonly paymentMethod: string;
  readonly on: string;
}

/** A rule a charge breaks, with its stable code; the deciders throw it, the fund choice skips the fund. */
export interface Refusal {
  readonly code: string;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** Grants are awarded in whole cents; a line above $1bn is a typing error, not a grant. */
export const MAX_BUDGET_LINE_CENTS = 100_000_000_000;

/** The one budget line a category counts against, or null (no lines, or none names it). */
export function budgetLineFor(restrictions: FundRestrictions, category: string): BudgetLine | null {
  return restrictions.budgetLines.find((line) => line.categories.includes(category)) ?? null;
}

/** Purpose and time: whether the grant allows this expense at all, before any amount is weighed. */
export function purposeRefusal(restrictions: FundRestrictions, charge: Charge): Refusal | null {
  const { purpose, period } = restrictions;
  if (!purpose.categories.includes(charge.category)) {
    return { code: 'FUND.CATEGORY_NOT_ALLOWED', message: `This fund's grant does not pay for ${charge.category}`, details: { rule: 'purpose.categories', allowed: purpose.categories } };
  }
  if (!purpose.paymentMethods.includes(charge.paymentMethod)) {
    return {
      code: 'FUND.PAYMENT_METHOD_NOT_ALLOWED',
      message: `This fund's grant does not pay by ${charge.paymentMethod}`,
      details: { rule: 'purpose.paymentMethods', allowed: purpose.paymentMethods },
    };
  }
  if (purpose.providerTypes && (charge.providerType === undefined || !purpose.providerTypes.includes(charge.providerType))) {
    return { code: 'FUND.PROVIDER_TYPE_NOT_ALLOWED', message: "This fund's grant does not cover requests from this kind of agency", details: { rule: 'purpose.providerTypes', allowed: purpose.providerTypes } };
  }
  if (purpose.counties && (charge.county === undefined || !purpose.counties.includes(charge.county))) {
    return { code: 'FUND.COUNTY_NOT_ALLOWED', message: "This fund's grant does not cover this agency's county", details: { rule: 'purpose.counties', allowed: purpose.counties } };
  }
  if (charge.on < period.firstDay || charge.on > period.lastDay) {
    return {
      code: 'FUND.OUTSIDE_PERIOD_OF_PERFORMANCE',
      message: `Money from this fund is committed from ${period.firstDay} to ${period.lastDay}`,
      details: { rule: 'period', firstDay: period.firstDay, lastDay: period.lastDay, on: charge.on },
    };
  }
  const lines = restrictions.budgetLines;
  if (lines.length > 0 && !budgetLineFor(restrictions, charge.category)) {
    return { code: 'FUND.NO_BUDGET_LINE', message: `No budget line of this fund covers ${charge.category}`, details: { rule: 'budgetLines', category: charge.category } };
  }
  return null;
}

/**
 * A payment out of a restricted fund: paid the way the grant allows, and between the first day
 * of the period and the liquidation deadline (obligations of the period may be paid after it).
 */
export function paymentRefusal(restrictions: FundRestrictions, payment: PaymentCharge): Refusal | null {
  const { purpose, period } = restrictions;
  if (!purpose.paymentMethods.includes(payment.paymentMethod)) {
    return {
      code: 'FUND.PAYMENT_METHOD_NOT_ALLOWED',
      message: `This fund's grant does not pay by ${payment.paymentMethod}`,
      details: { rule: 'purpose.paymentMethods', allowed: purpose.paymentMethods },
    };
  }
  if (payment.on < period.firstDay || payment.on > period.liquidationDeadline) {
    return {
      code: 'FUND.OUTSIDE_LIQUIDATION_PERIOD',
      message: `Money from this fund is paid out from ${period.firstDay} to ${period.liquidationDeadline}`,
      details: { rule: 'period.liquidationDeadline', firstDay: period.firstDay, liquidationDeadline: period.liquidationDeadline, on: payment.on },
    };
  }
  return null;
}

/**
 * The restrictions themselves must make sense: days in order, budget lines with distinct ids,
 * each line's categories allowed by the purpose and no category on two lines (so every charge
 * has exactly one line to count against).
 */
export function restrictionsRefusal(restrictions: FundRestrictions): Refusal | null {
  const { purpose, period, budgetLines } = restrictions;
  if (purpose.categories.length === 0) return { code: 'FUND.PURPOSE_EMPTY', message: 'A grant allows at least one expense category', details: { field: 'purpose.categories' } };
  if (purpose.paymentMethods.length === 0) return { code: 'FUND.PURPOSE_EMPTY', message: 'A grant allows at least one payment method', details: { field: 'purpose.paymentMethods' } };
  if (period.lastDay < period.firstDay) {
    return { code: 'FUND.PERIOD_OUT_OF_ORDER', message: 'The period of performance ends on or after its first day', details: { field: 'period.lastDay' } };
  }
  if (period.liquidationDeadline < period.lastDay) {
    return { code: 'FUND.PERIOD_OUT_OF_ORDER', message: 'The liquidation deadline falls on or after the last day of the period', details: { field: 'period.liquidationDeadline' } };
  }
  const seenLines = new Set<string>();
  const seenCategories = new Map<string, string>();
  for (const line of budgetLines) {
    if (seenLines.has(line.lineId)) return { code: 'FUND.BUDGET_LINE_DUPLICATE', message: `Budget line ${line.lineId} appears twice`, details: { field: 'budgetLines', lineId: line.lineId } };
    seenLines.add(line.lineId);
    if (!Number.isInteger(line.amountCents) || line.amountCents < 0 || line.amountCents > MAX_BUDGET_LINE_CENTS) {
      return { code: 'FUND.INVALID_AMOUNT', message: `A budget line is whole cents from 0 to ${MAX_BUDGET_LINE_CENTS}`, details: { field: 'budgetLines.amountCents', lineId: line.lineId } };
    }
    for (const category of line.categories) {
      if (!purpose.categories.includes(category)) {
        return { code: 'FUND.BUDGET_LINE_CATEGORY_NOT_ALLOWED', message: `Budget line ${line.lineId} names ${category}, which the purpose does not allow`, details: { field: 'budgetLines.categories', lineId: line.lineId, category } };
      }
      const other = seenCategories.get(category);
      if (other) return { code: 'FUND.BUDGET_LINE_OVERLAP', message: `${category} is on budget lines ${other} and ${line.lineId}`, details: { field: 'budgetLines.categories', category, lineIds: [other, line.lineId] } };
      seenCategories.set(category, line.lineId);
    }
  }
  return null;
}

/** The fund-request payment methods a grant may allow (kept equal to theirs by a type check in the request plan). */
export const GRANT_PAYMENT_METHODS = ['gift_card', 'bus_pass', 'phone_card', 'vendor_payment', 'donated_goods'] as const;
