import * as crypto from 'node:crypto';
import { canonicalize } from 'json-canonicalize';
import type { ClosedPeriodRef, LedgerLine } from './ledger.canonical';

/**
 * A period's trial balance: per account, the debits and credits of every ledger line whose
 * entry's effective date is on or before the period's last day. Accounts sorted by code (UTF-16
 * code units, as JCS sorts keys), so the same lines give the same text anywhere.
 */
export interface TrialBalanceLine {
  readonly account: string;
  readonly debitCents: number;
  readonly creditCents: number;
}

export const TRIAL_BALANCE_FORMAT = 'survivor-fund/trial-balance/1';

/**
 * The text the digest is taken over: RFC 8785 (JCS) JSON of
 * `{ format, kind, period, from, to, lines: [{ account, debitCents, creditCents }] }`, lines in
 * account order. docs/auditors-guide.md recomputes it from a ledger export.
 */
export function canonicalTrialBalance(period: ClosedPeriodRef, lines: readonly TrialBalanceLine[]): string {
  return canonicalize({
    format: TRIAL_BALANCE_FORMAT,
    kind: period.kind,
    period: period.period,
    from: period.from,
    to: period.to,
    lines: sortLines(lines).map((l) => ({ account: l.account, debitCents: l.debitCents, creditCents: l.creditCents })),
  });
}

/** SHA-256 (hex) of the canonical trial balance: the figure the coalition publishes or hands to its auditor. */
export function trialBalanceDigest(period: ClosedPeriodRef, lines: readonly TrialBalanceLine[]): string {
  return crypto.createHash('sha256').update(canonicalTrialBalance(period, lines), 'utf8').digest('hex');
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function sortLines(lines: readonly TrialBalanceLine[]): TrialBalanceLine[] {
  return [...lines].sort((a, b) => byCodeUnits(a.account, b.account));
}

/** Adds entries' lines to per-account sums; used for the entries of a batch not yet written. */
export function addLines(sums: Map<string, { debitCents: number; creditCents: number }>, lines: readonly LedgerLine[]): void {
  for (const l of lines) {
    const s = sums.get(l.account) ?? { debitCents: 0, creditCents: 0 };
    sums.set(l.account, { debitCents: s.debitCents + l.debitCents, creditCents: s.creditCents + l.creditCents });
  }
}

export function toTrialBalanceLines(sums: ReadonlyMap<string, { debitCents: number; creditCents: number }>): TrialBalanceLine[] {
  return sortLines([...sums].map(([account, s]) => ({ account, debitCents: s.debitCents, creditCents: s.creditCents })));
}
