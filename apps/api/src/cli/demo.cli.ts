/**
 * `npm run demo`: starts the service and, on an empty store, seeds a realistic fund through the
 * public HTTP API (seedDemo: a protocol, member agencies, donations of money and goods, and
 * requests in every state, expired and voided among them) so a new user has something to look
 * at. It prints the web app's address and a sign-in token per role, then keeps serving.
 * `npm run demo -- --year` loads a generated year across 40 agencies instead (demo-year.ts).
 */
import 'reflect-metadata';
import { loadOrCreateLocalSigningKey, mintLocalToken } from '@fund/auth';
import type { Actor } from '@fund/event-sourcing';
import { loadConfigOrExit } from '@fund/platform';
import { createApp } from '../create-app';
import { DEMO_PEOPLE, seedDemo } from './demo-seed';
import { DEMO_YEAR_PEOPLE, seedDemoYear, waitUntilReady } from './demo-year';

/** `--year [--events N]`: a generated year across many agencies instead of the hand-written fund (demo-year.ts). */
const YEAR = process.argv.includes('--year');
const EVENTS_AT = process.argv.indexOf('--events');
const YEAR_EVENTS = (EVENTS_AT > 0 ? Number(process.argv[EVENTS_AT + 1]) : 0) || 25_000;

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createApp(config);
  await app.listen(config.PORT, config.HOST);
  const base = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${config.PORT}`;
  const key = loadOrCreateLocalSigningKey(config.DATA_DIR);
  const tokens = new Map<string, string>();
  const tokenFor = async ({ userId, role, organizationId }: Actor): Promise<string> => {
    const token = tokens.get(userId) ?? (await mintLocalToken(key, { userId, role, organizationId }, 12 * 3600));
    tokens.set(userId, token);
    return token;
  };

  /** Where to go and a token for each role, ready to paste on the web app's sign-in page. */
  const signIns = async (): Promise<string> => {
    const lines = [`Web app: ${base}/  (paste one of these tokens on its sign-in page; each is valid for 12 hours)`];
    for (const role of ['provider', 'council', 'coordinator', 'auditor', 'funder'] as const) {
      const person = (YEAR ? DEMO_YEAR_PEOPLE : DEMO_PEOPLE).find((p) => p.role === role);
      if (person) lines.push(`  ${role.padEnd(11)} ${person.userId} (${person.organizationId})`, `    ${await tokenFor(person)}`);
    }
    lines.push(`API documentation: ${base}/docs. Another token: npm run -s token -- --role <role> --org <organization> --user <user id>`);
    return lines.join('\n');
  };
  const coordinator = await tokenFor({ userId: 'coord-1', role: 'coordinator', organizationId: 'coalition' });
  const current = await fetch(`${base}/protocols/current`, { headers: { authorization: `Bearer ${coordinator}` } });
  if (current.status === 200) {
    console.log(`Demo data already present.\n${await signIns()}`);
    return;
  }

  if (YEAR) {
    console.log(`Generating a year of a statewide fund (${YEAR_EVENTS} events, 40 agencies)...`);
    const year = await seedDemoYear(app, YEAR_EVENTS);
    console.log(`Generated ${year.events} events (${year.requests} requests) from ${year.from}; the read models are catching up...`);
    const ready = await waitUntilReady(base, 600_000, (ms) => process.stdout.write(`  still catching up after ${Math.round(ms / 1000)} s\r`));
    console.log(`${ready ? 'Demo year ready.' : 'Demo year written; the read models are still catching up (reports fill in as they do).'}\n${await signIns()}`);
    return;
  }
  await seedDemo({ base, app, tokenFor });
  console.log(`Demo fund seeded.\n${await signIns()}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
