import { Inject, Injectable } from '@nestjs/common';
import type { SqlDatabase } from '@fund/event-sourcing';
import { READ_DATABASE } from '@fund/platform';
import { toTrialBalanceLines, trialBalanceDigest, type TrialBalanceLine } from '../ledger.closing';

type Int = string | number;

export interface ClosedPeriod {
  readonly kind: string;
  readonly period: string;
  readonly from: string;
  readonly to: string;
  readonly closedAt: string;
  /** The closing entry in the chain, whose hash covers the digest. */
  readonly entrySeq: number;
  readonly entryHash: string;
  readonly trialBalanceDigest: string;
  readonly trialBalance: readonly TrialBalanceLine[];
  readonly totalDebitCents: number;
  readonly totalCreditCents: number;
  /**
   * The digest recomputed now from the ledger's lines dated on or before the period's last day:
   * what an auditor does with a later export. False would mean an entry in the period changed
   * or arrived after the close.
   */
  readonly ledgerStillAgrees: boolean;
}

/** The periods closed, oldest first, each with the trial balance its closing entry sealed. */
@Injectable()
export class ClosedPeriodsReader {
  constructor(@Inject(READ_DATABASE) private readonly db: SqlDatabase) {}

  async list(): Promise<ClosedPeriod[]> {
    const { rows } = await this.db.query<{
      kind: string;
      period: string;
      from_day: string;
      to_day: string;
      occurred_at: Date | string;
      seq: Int;
      hash: string;
      digest: string;
      trial_balance: TrialBalanceLine[] | string;
    }>(
      `SELECT c.kind, c.period, to_char(c.from_day, 'YYYY-MM-DD') AS from_day, to_char(c.to_day, 'YYYY-MM-DD') AS to_day, e.occurred_at,
         e.seq, e.hash, c.trial_balance_digest AS digest, c.trial_balance
       FROM ledger_closings c JOIN ledger_entries e ON e.seq = c.entry_seq ORDER BY e.seq`,
    );
    const closed: ClosedPeriod[] = [];
    for (const r of rows) {
      const trialBalance = (typeof r.trial_balance === 'string' ? (JSON.parse(r.trial_balance) as TrialBalanceLine[]) : r.trial_balance).map((l) => ({
        account: l.account,
        debitCents: Number(l.debitCents),
        creditCents: Number(l.creditCents),
      }));
      const period = { kind: r.kind, period: r.period, from: r.from_day, to: r.to_day };
      const now = await this.linesDatedBy(r.to_day);
      closed.push({
        ...period,
        closedAt: new Date(r.occurred_at).toISOString(),
        entrySeq: Number(r.seq),
        entryHash: r.hash,
        trialBalanceDigest: r.digest,
        trialBalance,
        totalDebitCents: trialBalance.reduce((s, l) => s + l.debitCents, 0),
        totalCreditCents: trialBalance.reduce((s, l) => s + l.creditCents, 0),
        ledgerStillAgrees: trialBalanceDigest(period, trialBalance) === r.digest && trialBalanceDigest(period, now) === r.digest,
      });
    }
    return closed;
  }

  private async linesDatedBy(to: string): Promise<TrialBalanceLine[]> {
    const { rows } = await this.db.query<{ account: string; debit: Int; credit: Int }>(
      `SELECT l.account, sum(l.debit_cents)::bigint AS debit, sum(l.credit_cents)::bigint AS credit
       FROM ledger_lines l JOIN ledger_entries e ON e.seq = l.entry_seq WHERE e.effective_date <= $1::date GROUP BY l.account`,
      [to],
    );
    return toTrialBalanceLines(new Map(rows.map((r) => [r.account, { debitCents: Number(r.debit), creditCents: Number(r.credit) }])));
  }
}
