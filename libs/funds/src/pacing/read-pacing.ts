import { loadStreamState, type EventStore } from '@fund/event-sourcing';
import { fundDecider, fundStreamId, type FundState } from '../fund.decider';
import type { FundEvent } from '../fund.events';
import { movementsOf, pacingOf, type Movement, type Pacing } from './pacing';
import { SPENDING_PLANS_STREAM, spendingPlansDecider } from './spending-plan.decider';

/**
 * A fund as of a stream version: its state, its movements, and the line each request's money is
 * on (for the events after it). State and movements come from the same events.
 */
interface FundPace {
  readonly version: number;
  readonly fund: FundState;
  readonly movements: readonly Movement[];
  readonly lineOf: ReadonlyMap<string, string>;
}

const caches = new WeakMap<EventStore, Map<string, FundPace>>();

/**
 * A fund's state and movements, reading only the events appended since this process last read
 * them (as `loadStreamState` does for states): every overview, queue and notification sweep asks,
 * and a fund's stream grows with every payment. Entries are replaced, never changed, so a
 * concurrent read keeps what it was given.
 */
async function fundPace(store: EventStore, fundId: string): Promise<FundPace> {
  let cache = caches.get(store);
  if (!cache) caches.set(store, (cache = new Map()));
  const cached = cache.get(fundId);
  const { version, events } = await store.readStream<FundEvent>(fundStreamId(fundId), { fromVersion: cached ? cached.version + 1 : 1 });
  const follows = cached && version >= cached.version && (events.length === 0 || events[0]!.streamVersion === cached.version + 1);
  if (cached && !follows) {
    // The stream is not the one this process read (a store emptied under a live process, in tests): read it whole.
    cache.delete(fundId);
    return fundPace(store, fundId);
  }
  if (cached && events.length === 0) return cached;
  const lineOf = new Map(cached?.lineOf);
  const fund = events.reduce((s, e) => fundDecider.evolve(s, { type: e.type, data: e.data } as FundEvent), cached?.fund ?? fundDecider.initialState());
  const pace = { version, fund, movements: [...(cached?.movements ?? []), ...movementsOf(events, lineOf)], lineOf };
  const latest = cache.get(fundId);
  if (!latest || latest.version < version) cache.set(fundId, pace);
  return pace;
}

/**
 * Every plan in force with its pacing today, read from the store itself: the plans' stream and
 * each planned fund's own stream (its events carry the days money moved), through the cache above:
 * a request reads only what was appended since the last one.
 */
export async function readPacing(store: EventStore, today: string, only?: { readonly fundId: string; readonly budgetLineId: string | null }): Promise<Pacing[]> {
  const { state } = await loadStreamState(store, SPENDING_PLANS_STREAM, spendingPlansDecider);
  const plans = Object.values(state.plans)
    .filter((p) => !only || (p.fundId === only.fundId && p.budgetLineId === only.budgetLineId))
    .sort((a, b) => a.fundId.localeCompare(b.fundId) || (a.budgetLineId ?? '').localeCompare(b.budgetLineId ?? ''));
  const funds = new Map<string, FundPace>();
  for (const fundId of new Set(plans.map((p) => p.fundId))) funds.set(fundId, await fundPace(store, fundId));
  return plans.map((plan) => {
    const { fund, movements } = funds.get(plan.fundId)!;
    return pacingOf(plan, fund, movements, today);
  });
}
