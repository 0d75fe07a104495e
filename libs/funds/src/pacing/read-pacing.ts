import { loadStreamState, type EventStore } from '@fund/event-sourcing';
import { fundDecider, fundStreamId, type FundState } from '../fund.decider';
import type { FundEvent } from '../fund.events';
import { movementsOf, pacingOf, type Pacing } from './pacing';
import { SPENDING_PLANS_STREAM, spendingPlansDecider } from './spending-plan.decider';

/**
 * Every plan in force with its pacing today, read from the store itself: the plans' stream and
 * each planned fund's own stream (its events carry the days money moved). Funds are few and plans
 * are set on purpose, so this reads a handful of streams; a fund with a very long history would
 * want a projection of its daily movements instead (docs/adr/0021).
 */
export async function readPacing(store: EventStore, today: string, only?: { readonly fundId: string; readonly budgetLineId: string | null }): Promise<Pacing[]> {
  const { state } = await loadStreamState(store, SPENDING_PLANS_STREAM, spendingPlansDecider);
  const plans = Object.values(state.plans)
    .filter((p) => !only || (p.fundId === only.fundId && p.budgetLineId === only.budgetLineId))
    .sort((a, b) => a.fundId.localeCompare(b.fundId) || (a.budgetLineId ?? '').localeCompare(b.budgetLineId ?? ''));
  const funds = new Map<string, { fund: FundState; events: Parameters<typeof movementsOf>[0] }>();
  for (const fundId of new Set(plans.map((p) => p.fundId))) {
    const { events } = await store.readStream<FundEvent>(fundStreamId(fundId));
    const fund = events.reduce((s, e) => fundDecider.evolve(s, { type: e.type, data: e.data } as FundEvent), fundDecider.initialState());
    funds.set(fundId, { fund, events });
  }
  return plans.map((plan) => {
    const { fund, events } = funds.get(plan.fundId)!;
    return pacingOf(plan, fund, movementsOf(events), today);
  });
}
