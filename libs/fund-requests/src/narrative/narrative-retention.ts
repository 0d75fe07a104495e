import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { runUnitOfWork, type CommandContext, type EventStore, type SqlDatabase } from '@fund/event-sourcing';
import { EVENT_STORE, READ_DATABASE } from '@fund/platform';
import { NarrativeVault } from '@fund/privacy';
import { loadProtocolInForce } from '@fund/protocols';
import { fundRequestStreamId, type FundRequestEvent } from '../fund-request.events';
import { FundRequestWorkflow } from '../fund-request.workflow';

const ENDING: ReadonlySet<FundRequestEvent['type']> = new Set(['FundRequestClosed', 'FundRequestDenied', 'FundRequestWithdrawn', 'FundRequestExpired']);
const DAY_MS = 24 * 3600 * 1000;

/**
 * Shreds narratives on the protocol's schedule: once a request has ended (closed, denied,
 * withdrawn, expired) for `narrativeRetentionDays`, its key is destroyed. Runs in the worker.
 */
@Injectable()
export class NarrativeRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('NarrativeRetention');
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_DATABASE) private readonly db: SqlDatabase,
    private readonly vault: NarrativeVault,
    private readonly workflow: FundRequestWorkflow,
  ) {}

  onApplicationBootstrap(): void {
    const every = Number(process.env.NARRATIVE_SWEEP_INTERVAL_MS ?? 3_600_000);
    const tick = () =>
      void this.sweep(new Date()).catch((error: unknown) => this.logger.error({ error: error instanceof Error ? error.message : String(error) }, 'narrative sweep failed'));
    this.timer = setInterval(tick, every);
    this.timer.unref();
    tick();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Returns the requests whose narrative was shredded by this sweep. */
  async sweep(now: Date): Promise<string[]> {
    const context: CommandContext = {
      actor: { userId: 'narrative-retention', role: 'system', organizationId: 'coalition' },
      correlationId: `retention-${randomUUID()}`,
      now,
    };
    let retentionDays: number;
    try {
      ({ result: retentionDays } = await runUnitOfWork(this.store, context, async (uow) => (await loadProtocolInForce(uow)).rules.narrativeRetentionDays));
    } catch {
      return []; // no protocol yet, so no request either
    }
    const { rows } = await this.db.query<{ subject_id: string }>('SELECT subject_id FROM privacy_data_keys WHERE data_key IS NOT NULL ORDER BY created_at');
    const shredded: string[] = [];
    for (const { subject_id: requestId } of rows) {
      const { events } = await this.store.readStream<FundRequestEvent>(fundRequestStreamId(requestId));
      const ended = [...events].reverse().find((e) => ENDING.has(e.type));
      if (!ended || now.getTime() - Date.parse(ended.metadata.occurredAt) < retentionDays * DAY_MS) continue;
      await this.vault.shred(requestId);
      await this.workflow.run(requestId, context, () => ({ type: 'RecordNarrativeShredded', data: { reason: 'retention' } }));
      shredded.push(requestId);
    }
    if (shredded.length > 0) this.logger.log({ count: shredded.length }, 'narratives shredded on schedule');
    return shredded;
  }
}
