import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { migrate, type SqlDatabase } from '@fund/event-sourcing';
import { READ_DATABASE } from '@fund/platform';
import { accountType, type AccountType } from './ledger.accounts';
import type { StoredLedgerEntry } from './ledger.canonical';
import { AUDIT_LEDGER_MIGRATIONS_COMPONENT, LEDGER_MIGRATIONS } from './ledger.migrations';
import { endOfDay, fetchEntries, type EntryFilter } from './ledger.rows';
import { verifyLedger, type LedgerVerification } from './ledger.verify';

export interface LedgerPage {
  readonly entries: readonly StoredLedgerEntry[];
  /** Pass as `after` for the next page; null on the last page. */
  readonly nextAfter: number | null;
}

export interface AccountBalance {
  readonly account: string;
  readonly type: AccountType | null;
  readonly debitCents: number;
  readonly creditCents: number;
  /** Debits minus credits: positive for assets and expenses, negative for revenue and net assets. */
  readonly balanceCents: number;
}

export interface TrialBalance {
  readonly asOf: string | null;
  readonly accounts: readonly AccountBalance[];
  readonly totalDebitCents: number;
  readonly totalCreditCents: number;
  readonly balanced: boolean;
}

/** Rows per database page while streaming an export. */
const EXPORT_PAGE = 1000;

/**
 * The ledger's read side in the api. Runs the projection's migrations at start, under the same
 * component name as the worker's runner, so the tables exist whichever process starts first.
 */
@Injectable()
export class LedgerReader implements OnModuleInit {
  constructor(@Inject(READ_DATABASE) private readonly db: SqlDatabase) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.db, AUDIT_LEDGER_MIGRATIONS_COMPONENT, LEDGER_MIGRATIONS);
  }

  async page(filter: Omit<EntryFilter, 'maxSeq'>): Promise<LedgerPage> {
    // One extra row tells whether another page exists without a count.
    const rows = await fetchEntries(this.db, { ...filter, limit: filter.limit + 1 });
    const entries = rows.slice(0, filter.limit);
    return { entries, nextAfter: rows.length > filter.limit ? (entries.at(-1)?.seq ?? null) : null };
  }

  verify(period: { readonly from?: string; readonly to?: string }): Promise<LedgerVerification> {
    return verifyLedger(this.db, period);
  }

  async trialBalance(asOf?: string): Promise<TrialBalance> {
    const { rows } = await this.db.query<{ account: string; debit: string | number; credit: string | number }>(
      asOf === undefined
        ? `SELECT account, sum(debit_cents)::bigint AS debit, sum(credit_cents)::bigint AS credit
           FROM ledger_lines GROUP BY account ORDER BY account`
        : `SELECT l.account, sum(l.debit_cents)::bigint AS debit, sum(l.credit_cents)::bigint AS credit
           FROM ledger_lines l JOIN ledger_entries e ON e.seq = l.entry_seq
           WHERE e.occurred_at < $1::timestamptz GROUP BY l.account ORDER BY l.account`,
      asOf === undefined ? [] : [endOfDay(asOf)],
    );
    const accounts = rows.map((r) => {
      const debitCents = Number(r.debit);
      const creditCents = Number(r.credit);
      return { account: r.account, type: accountType(r.account), debitCents, creditCents, balanceCents: debitCents - creditCents };
    });
    const totalDebitCents = accounts.reduce((s, a) => s + a.debitCents, 0);
    const totalCreditCents = accounts.reduce((s, a) => s + a.creditCents, 0);
    return { asOf: asOf ?? null, accounts, totalDebitCents, totalCreditCents, balanced: totalDebitCents === totalCreditCents };
  }

  /** The chain's last entry now: an export states it and holds nothing after it. */
  async head(): Promise<{ readonly seq: number; readonly hash: string } | null> {
    const { rows } = await this.db.query<{ seq: string | number; hash: string }>('SELECT seq, hash FROM ledger_entries ORDER BY seq DESC LIMIT 1');
    const row = rows[0];
    return row ? { seq: Number(row.seq), hash: row.hash } : null;
  }

  /** Every entry the filter selects, up to `maxSeq`, in journal order, fetched a page at a time. */
  async *entriesOf(filter: Omit<EntryFilter, 'limit' | 'afterSeq'>): AsyncGenerator<StoredLedgerEntry> {
    let afterSeq = 0;
    for (;;) {
      const page = await fetchEntries(this.db, { ...filter, afterSeq, limit: EXPORT_PAGE });
      yield* page;
      const last = page.at(-1);
      if (!last || page.length < EXPORT_PAGE) return;
      afterSeq = last.seq;
    }
  }
}
