/**
 * `npm run demo -- --year [--events N]`: instead of the small hand-written demo fund, a generated
 * year of a statewide fund (the benchmark's history generator, bench/lib/fund-history.ts, with the
 * real deciders): 40 member agencies across Maine's counties, six funds, donations of money and
 * goods, and requests in every state over the last closed federal fiscal year. Enough that every
 * funder table of a closed quarter shows numbers, with some cells suppressed (issue 17.7), and the
 * statewide picture has every county in it.
 */
import type { INestApplicationContext } from '@nestjs/common';
import type { Actor, EventStore } from '@fund/event-sourcing';
import { EVENT_STORE } from '@fund/platform';

/** Who to sign in as on the generated year: ids the generator uses (agency-01 is a council agency). */
export const DEMO_YEAR_PEOPLE: readonly Actor[] = [
  { userId: 'adv-agency-02-1', role: 'provider', organizationId: 'agency-02' },
  { userId: 'council-1', role: 'council', organizationId: 'agency-01' },
  { userId: 'coord-1', role: 'coordinator', organizationId: 'coalition' },
  { userId: 'auditor-1', role: 'auditor', organizationId: 'coalition' },
  { userId: 'funder-1', role: 'funder', organizationId: 'maine-foundation' },
];

/** What the generator needs and gives, as far as the demo uses it (bench/lib/fund-history.ts). */
interface Generator {
  generateHistory(store: EventStore, options: { events: number; start: Date; days: number; agencies: number; seed: number }): Promise<{ events: number; requests: number }>;
}

// The api's build (apps/api/tsconfig.app.json) compiles src/ only and must not pull bench/ in;
// the demo runs from source (swc-node), so the generator is loaded when asked for.
const GENERATOR_MODULE = '../../../../bench/lib/fund-history';

/** The last federal fiscal year that is over on `today`: FY2026 (2025-10-01 .. 2026-09-30) on 2026-12-07. */
export function lastClosedFiscalYearStart(today: Date): Date {
  const fiscalYear = today.getUTCMonth() >= 9 ? today.getUTCFullYear() + 1 : today.getUTCFullYear();
  return new Date(Date.UTC(fiscalYear - 2, 9, 1, 13));
}

/** Generates the year into the app's own store; the in-process projections then read it. */
export async function seedDemoYear(app: INestApplicationContext, events: number, today = new Date()): Promise<{ events: number; requests: number; from: string }> {
  const { generateHistory } = (await import(GENERATOR_MODULE)) as Generator;
  const start = lastClosedFiscalYearStart(today);
  const stats = await generateHistory(app.get<EventStore>(EVENT_STORE), { events, start, days: 364, agencies: 40, seed: 17 });
  return { events: stats.events, requests: stats.requests, from: start.toISOString().slice(0, 10) };
}

/** Waits until the read models have caught up with the generated year (GET /ready), at most `timeoutMs`. */
export async function waitUntilReady(base: string, timeoutMs: number, tick: (waitedMs: number) => void): Promise<boolean> {
  const started = Date.now();
  for (;;) {
    const ready = await fetch(`${base}/ready`).then(
      (res) => res.status === 200,
      () => false,
    );
    if (ready) return true;
    const waited = Date.now() - started;
    if (waited > timeoutMs) return false;
    tick(waited);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}
