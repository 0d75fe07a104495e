import { Inject, Injectable } from '@nestjs/common';
import { loadStreamState, type EventStore } from '@fund/event-sourcing';
import { fundDecider, fundStreamId, RESTRICTED_FUNDS_STREAM, restrictedFundsDecider } from '@fund/funds';
import { APP_CONFIG, EVENT_STORE, READ_DATABASE, type AppConfig } from '@fund/platform';
import type { SqlDatabase } from '@fund/event-sourcing';
import type { LedgerEntry } from '../ledger.canonical';
import { LedgerReader } from '../ledger.reader';
import type { StatementsInput } from './statements-document';
import { budgetVersusActual, fundPositions, inKindDisclosure, statementOfActivities, type FundFacts, type StatementPeriod } from './statements';

/**
 * Gathers what the pure statements need: the journal up to the period's last day, and each
 * fund's name and grant restrictions from its own stream (the ledger knows ids, not names).
 */
@Injectable()
export class StatementsService {
  constructor(
    private readonly ledger: LedgerReader,
    @Inject(READ_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async statements(period: StatementPeriod): Promise<StatementsInput> {
    const head = await this.ledger.head();
    const entries: LedgerEntry[] = [];
    for await (const entry of this.ledger.entriesOf({ to: period.to, maxSeq: head?.seq ?? 0 })) entries.push(entry);
    const funds = await this.funds();
    return {
      coalition: this.config.COALITION_NAME,
      period,
      generatedAt: new Date().toISOString(),
      activities: statementOfActivities(entries, period),
      fundPositions: fundPositions(entries, period, funds),
      budgetVersusActual: budgetVersusActual(entries, period, funds),
      inKindDisclosure: inKindDisclosure(entries, period),
    };
  }

  /** Every fund the ledger has entries for, and every grant listed as restricted even before its first gift. */
  private async funds(): Promise<FundFacts[]> {
    const { rows } = await this.db.query<{ fund_id: string }>('SELECT DISTINCT fund_id FROM ledger_entries WHERE fund_id IS NOT NULL');
    const { state: listed } = await loadStreamState(this.store, RESTRICTED_FUNDS_STREAM, restrictedFundsDecider);
    const ids = [...new Set([...rows.map((r) => r.fund_id), ...listed.fundIds])].sort();
    const facts: FundFacts[] = [];
    for (const fundId of ids) {
      const { state } = await loadStreamState(this.store, fundStreamId(fundId), fundDecider);
      if (state.status !== 'open') continue;
      const current = state.revisions.at(-1);
      facts.push({
        fundId,
        name: state.name,
        restricted: state.restricted,
        awardReference: current?.reference ?? null,
        periodOfPerformance: state.restrictions ? { ...state.restrictions.period } : null,
        budgetLines: state.restrictions?.budgetLines ?? [],
      });
    }
    return facts;
  }
}
