import { Inject, Injectable, Logger, Optional, type OnApplicationShutdown } from '@nestjs/common';
import {
  CHECKPOINT_CHANNEL,
  CheckpointStore,
  comparePositions,
  DomainError,
  type EventStore,
  type LogPosition,
  type SqlDatabase,
} from '@fund/event-sourcing';
import type { AppConfig } from '../config';
import { SubscriptionsHost } from '../subscriptions.module';
import { APP_CONFIG, EVENT_STORE, READ_DATABASE } from '../tokens';
import { formatPosition } from './position-token';

/** How often a waiter re-reads the checkpoints when nothing wakes it (no LISTEN, or a lost one). */
const POLL_MS = 50;
/** With LISTEN working, polling only guards against a notification that never came. */
const POLL_WHILE_LISTENING_MS = 500;

/**
 * Knows how far each read model has come, from the runners in this process (the embedded store,
 * or WORKER_IN_PROCESS) and from the stored checkpoints (a separate worker, which announces each
 * save on CHECKPOINT_CHANNEL), and lets a query wait until its read models have passed a position.
 */
@Injectable()
export class ReadModelProgress implements OnApplicationShutdown {
  private readonly logger = new Logger('ReadModelProgress');
  private readonly checkpoints = new CheckpointStore();
  private readonly wakers = new Set<() => void>();
  private listening: Promise<(() => Promise<void>) | undefined> | undefined;
  private listeningNow = false;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    @Inject(READ_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() private readonly host?: SubscriptionsHost,
  ) {
    for (const runner of host?.runners ?? []) this.unsubscribe.push(runner.onAdvance(() => this.wakeAll()));
  }

  /**
   * Resolves once every named read model has passed `position`; after READ_MODEL_WAIT_MS it
   * refuses with READ_MODEL.BEHIND (503), naming the read models and how far behind they are.
   */
  async waitFor(readModels: readonly string[], position: LogPosition): Promise<void> {
    const deadline = Date.now() + this.config.READ_MODEL_WAIT_MS;
    for (;;) {
      const behind = await this.behind(readModels, position);
      if (behind.length === 0) return;
      const left = deadline - Date.now();
      if (left <= 0) throw await this.behindError(behind, position);
      this.startListening();
      await this.sleep(Math.min(left, this.listeningNow ? POLL_WHILE_LISTENING_MS : POLL_MS));
    }
  }

  /** The read models (of those named) whose checkpoint has not reached `position`, with their checkpoints. */
  private async behind(readModels: readonly string[], position: LogPosition): Promise<{ name: string; checkpoint: LogPosition }[]> {
    const local = new Map((this.host?.runners ?? []).map((r) => [r.name, r.status().checkpoint]));
    const passed = (p: LogPosition | undefined) => p !== undefined && comparePositions(p, position) >= 0;
    const unknown = readModels.filter((name) => !passed(local.get(name)));
    if (unknown.length === 0) return [];
    const stored = await this.checkpoints.loadMany(this.db, unknown);
    return unknown.flatMap((name) => {
      const checkpoint = stored.get(name)!;
      const mine = local.get(name);
      const best = mine && comparePositions(mine, checkpoint) > 0 ? mine : checkpoint;
      return passed(best) ? [] : [{ name, checkpoint: best }];
    });
  }

  private async behindError(behind: readonly { name: string; checkpoint: LogPosition }[], position: LogPosition): Promise<DomainError> {
    const counts = await Promise.all(behind.map((b) => this.store.countAfter(b.checkpoint, 100_000).catch(() => null)));
    const eventsBehind = Math.max(0, ...counts.map((c) => c ?? 0));
    return new DomainError(
      'READ_MODEL.BEHIND',
      `This view has not caught up with your last change yet (${behind.map((b) => b.name).join(', ')}: ${eventsBehind} event${eventsBehind === 1 ? '' : 's'} behind); retry in a moment`,
      { readModels: behind.map((b) => b.name), position: formatPosition(position), eventsBehind, waitedMs: this.config.READ_MODEL_WAIT_MS },
      'unavailable',
    );
  }

  /** LISTEN once, on first need; a lost connection falls back to polling and is tried again later. */
  private startListening(): void {
    if (this.listening || !this.db.listen) return;
    const lost = (): void => {
      this.listeningNow = false;
      this.listening = undefined;
    };
    this.listening = this.db
      .listen(CHECKPOINT_CHANNEL, () => this.wakeAll(), lost)
      .then((stop) => {
        this.listeningNow = true;
        return stop;
      })
      .catch((error: unknown) => {
        this.logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'cannot LISTEN for checkpoints; polling');
        setTimeout(lost, 10_000).unref();
        return undefined;
      });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakers.add(wake);
    });
  }

  private wakeAll(): void {
    [...this.wakers].forEach((wake) => wake());
  }

  async onApplicationShutdown(): Promise<void> {
    this.unsubscribe.forEach((u) => u());
    this.wakeAll();
    const stop = await this.listening;
    this.listening = undefined;
    await stop?.();
  }
}
