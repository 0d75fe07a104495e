import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { comparePositions, DomainError, fold, type EventStore, type LogPosition } from '@fund/event-sourcing';
import { APP_CONFIG, EVENT_STORE, type AppConfig } from '@fund/platform';
import {
  PROTOCOL_REGISTRY_STREAM,
  protocolDecider,
  protocolNotFound,
  protocolRegistryDecider,
  protocolStreamId,
  type ProtocolEvent,
  type ProtocolRegistryEvent,
  type ProtocolRules,
} from '@fund/protocols';
import { summarize } from '../compare';
import type { ProtocolForesightView } from '../foresight.view';
import { replayInputsHash } from '../inputs-hash';
import { replayStore } from '../read-history';
import { GetProtocolForesightQuery } from './get-protocol-foresight.query';

const DAY_MS = 24 * 3600 * 1000;
/** Beyond this a replay reads history no current rule was written for, and costs more than a vote is worth waiting for. */
export const MAX_WINDOW_DAYS = 3 * 366;

export function foresightWindow(from: string | undefined, to: string | undefined, now: Date): { from: string; to: string; start: Date; end: Date } {
  const toDay = to ?? now.toISOString().slice(0, 10);
  const end = new Date(Date.parse(`${toDay}T00:00:00Z`) + DAY_MS);
  const start = from ? new Date(`${from}T00:00:00Z`) : new Date(end.getTime() - 365 * DAY_MS);
  const days = (end.getTime() - start.getTime()) / DAY_MS;
  if (days < 1 || days > MAX_WINDOW_DAYS) {
    throw new DomainError('VALIDATION.FAILED', `from must be on or before to, and the window at most ${MAX_WINDOW_DAYS} days`, { errors: [{ field: 'from', rule: 'window' }] }, 'validation');
  }
  return { from: start.toISOString().slice(0, 10), to: toDay, start, end };
}

/**
 * Replays the log under the version's rules (`replayStore`, in memory): the store is only read.
 * Counts about survivors go through the reports' suppression at the coalition's floor.
 */
@QueryHandler(GetProtocolForesightQuery)
export class GetProtocolForesightHandler implements IQueryHandler<GetProtocolForesightQuery> {
  /**
   * Each council member's screen asks for the same replay; while nothing was appended since, the
   * answer is the same, so it is kept (by version, rules and window) instead of read again.
   */
  private readonly recent = new Map<string, { head: LogPosition; view: ProtocolForesightView }>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ version, from, to, now }: GetProtocolForesightQuery): Promise<ProtocolForesightView> {
    const { events } = await this.store.readStream<ProtocolEvent>(protocolStreamId(version));
    const state = fold(protocolDecider, events);
    if (state.status === 'none') throw protocolNotFound();
    const registry = fold(protocolRegistryDecider, (await this.store.readStream<ProtocolRegistryEvent>(PROTOCOL_REGISTRY_STREAM)).events);
    const inForce = registry.status === 'in_force' ? registry.version : null;
    const currentRules = inForce === null ? null : fold(protocolDecider, (await this.store.readStream<ProtocolEvent>(protocolStreamId(inForce))).events);
    const window = foresightWindow(from, to, now);
    const head = await this.store.headPosition();
    const key = replayInputsHash({ version, rules: state.rules, window: { from: window.from, to: window.to }, throughPosition: -1 });
    const kept = this.recent.get(key);
    if (kept && comparePositions(kept.head, head) === 0) return kept.view;
    const view = await this.replay(version, state.rules, window, inForce, currentRules && currentRules.status !== 'none' ? currentRules.rules : null);
    this.recent.delete(key);
    this.recent.set(key, { head, view });
    // A handful of proposals at a time: the oldest answer goes first.
    if (this.recent.size > 16) this.recent.delete(this.recent.keys().next().value as string);
    return view;
  }

  private async replay(
    version: string,
    rules: ProtocolRules,
    window: ReturnType<typeof foresightWindow>,
    inForce: string | null,
    currentRules: ProtocolRules | null,
  ): Promise<ProtocolForesightView> {
    const result = await replayStore(this.store, { window: { from: window.start, to: window.end }, draft: { version, rules } });
    // The coalition's floor for published reports: the council sees survivors' counts no finer than funders do.
    const threshold = this.config.REPORT_SUPPRESSION_THRESHOLD;
    const summary = summarize(result, { threshold, currentRules, draftRules: rules });
    return {
      version,
      inForce,
      window: { from: window.from, to: window.to },
      inputsHash: replayInputsHash({ version, rules, window: { from: window.from, to: window.to }, throughPosition: result.throughPosition }),
      throughPosition: result.throughPosition,
      eventsRead: result.eventsRead,
      threshold,
      ...summary,
      outcomes: [...summary.outcomes],
      refusals: [...summary.refusals],
      money: [...summary.money],
      runway: [...summary.runway],
      limits: [...summary.limits],
    };
  }
}
