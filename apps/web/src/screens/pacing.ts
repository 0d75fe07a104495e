import type { components } from '../api-types.js';
import { h, scrollTable } from '../dom.js';
import { money } from '../format.js';
import { emptyState } from '../ui.js';

export type Pacing = components['schemas']['PacingView'];

const WARNING_TEXT: Readonly<Record<Pacing['warnings'][number], string>> = {
  low_balance: 'Running low',
  over_pace: 'Ahead of plan',
};

/** Which plan: the whole fund, or one of its grant budget lines. */
export function pacingSubject(p: Pick<Pacing, 'fundId' | 'budgetLineId'>, fundNames: ReadonlyMap<string, string> = new Map()): string {
  const fund = fundNames.get(p.fundId) ?? p.fundId;
  return p.budgetLineId ? `${fund}, budget line ${p.budgetLineId}` : fund;
}

/** One sentence a coordinator reads at a glance: committed against the plan to date, what is left, and when it runs out. */
export function pacingSummary(p: Pacing): string {
  const cadence = p.cadence === 'quarter' ? 'quarterly' : 'monthly';
  const runOut = p.runsOutOn
    ? p.runsOutOn <= p.planEndsOn
      ? `At the recent rate the money runs out around ${p.runsOutOn}, before the plan ends on ${p.planEndsOn}.`
      : `At the recent rate it lasts past the plan's end (${p.planEndsOn}).`
    : 'Nothing was committed in the last 90 days.';
  return `${money(p.toDate.committedCents)} committed of ${money(p.toDate.plannedCents)} planned to date (${cadence} plan); ${money(p.remainingCents)} left. ${runOut}`;
}

/** The pacing of every spending plan, warnings first: on the coordinator's overview and the council's queue. */
export function pacingTable(pacing: readonly Pacing[], fundNames: ReadonlyMap<string, string> = new Map()): HTMLElement {
  if (pacing.length === 0) return emptyState('No spending plan is set. A coordinator sets one per fund or grant budget line.');
  const ordered = [...pacing].sort((a, b) => b.warnings.length - a.warnings.length);
  return scrollTable(
    'Budget pacing',
    h(
      'table',
      null,
      h('caption', { class: 'visually-hidden' }, 'Budget pacing: each spending plan against what is committed, warnings first'),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Plan'), h('th', { scope: 'col' }, 'Pace'), h('th', { scope: 'col', class: 'num' }, 'Spent to date'))),
      h(
        'tbody',
        null,
        ordered.map((p) =>
          h(
            'tr',
            { 'data-pacing': `${p.fundId}/${p.budgetLineId ?? ''}` },
            h('th', { scope: 'row' }, pacingSubject(p, fundNames), ...p.warnings.map((w) => [' ', h('span', { class: `badge pacing-${w}` }, WARNING_TEXT[w])])),
            h('td', null, pacingSummary(p)),
            h('td', { class: 'num' }, money(p.toDate.spentCents)),
          ),
        ),
      ),
    ),
  );
}
