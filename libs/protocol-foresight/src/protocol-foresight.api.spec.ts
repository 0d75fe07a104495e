import type { Role } from '@fund/event-sourcing';
import { createTestApi, type TestApi } from '@fund/platform/testing';
import { DEMO_PROTOCOL_RULES, ProtocolsModule } from '@fund/protocols';
import { generateHistory } from '../../../bench/lib/fund-history';
import { ProtocolForesightModule } from './protocol-foresight.module';

/** The route on a real api (embedded store) over a generated history decided under `2026-1`. */
describe('protocol foresight api (embedded store)', () => {
  let api: TestApi;
  const tokens: Record<string, string> = {};
  const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
  const window = 'from=2025-10-01&to=2025-12-31';

  beforeAll(async () => {
    api = await createTestApi([ProtocolsModule, ProtocolForesightModule]);
    const actors: [string, Role, string][] = [
      ['coordinator', 'coordinator', 'coalition'],
      ['provider', 'provider', 'agency-01'],
      ['funder', 'funder', 'board'],
      ['c1', 'council', 'org-x'],
    ];
    for (const [userId, role, organizationId] of actors) tokens[userId] = await api.token({ role, userId, organizationId });
    await generateHistory(api.store, { events: 1_500, days: 60, concurrency: 4 });
    const rules = { ...DEMO_PROTOCOL_RULES, capPerRequestCents: 20_000, capPerSurvivorPer12MonthsCents: 60_000 };
    await api.http().post('/protocols').set(as('coordinator')).send({ version: '2027-1', title: 'Lower caps', rules }).expect(201);
    await api.http().post('/protocols/2027-1/proposal').set(as('coordinator')).expect(201);
  }, 300_000);
  afterAll(async () => api?.close());

  it('shows the council what the proposed version would have changed, and writes nothing', async () => {
    const before = (await api.allEvents()).length;
    const res = await api.http().get(`/protocols/2027-1/foresight?${window}`).set(as('c1')).expect(200);
    expect((await api.allEvents()).length).toBe(before);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatchObject({ version: '2027-1', inForce: '2026-1', window: { from: '2025-10-01', to: '2025-12-31' }, threshold: 6 });
    expect(res.body.inputsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(res.body.requests.count).toBeGreaterThan(50);
    const overCap = res.body.refusals.find((r: { code: string }) => r.code === 'FUND_REQUEST.OVER_REQUEST_CAP');
    expect(overCap).toMatchObject({ stage: 'submission', requests: { suppressed: false } });
    expect(overCap.requests.count).toBeGreaterThan(5);
    expect(res.body.runway.map((r: { fundId: string }) => r.fundId)).toContain('general');
    expect(res.body.money.length).toBeGreaterThan(0);
    // Nothing names a survivor: references are only ever counted.
    expect(JSON.stringify(res.body)).not.toMatch(/SR-[0-9A-Z]{4}/);
  });

  it('answers the same replay with the same hash, and another window with another', async () => {
    const a = await api.http().get(`/protocols/2027-1/foresight?${window}`).set(as('coordinator')).expect(200);
    const b = await api.http().get(`/protocols/2027-1/foresight?${window}`).set(as('coordinator')).expect(200);
    const c = await api.http().get('/protocols/2027-1/foresight?from=2025-11-01&to=2025-12-31').set(as('coordinator')).expect(200);
    expect(b.body.inputsHash).toBe(a.body.inputsHash);
    expect(c.body.inputsHash).not.toBe(a.body.inputsHash);
  });

  it('is for the council and coordinators only; an unknown version is 404; a bad window is 400', async () => {
    for (const who of ['provider', 'funder']) {
      const res = await api.http().get(`/protocols/2027-1/foresight?${window}`).set(as(who));
      expect(res.status).toBe(403);
    }
    expect((await api.http().get('/protocols/2099-9/foresight').set(as('c1'))).body.code).toBe('PROTOCOL.NOT_FOUND');
    expect((await api.http().get('/protocols/2027-1/foresight?from=2026-01-01&to=2025-12-31').set(as('c1'))).status).toBe(400);
    expect((await api.http().get('/protocols/2027-1/foresight?from=2025-02-30').set(as('c1'))).status).toBe(400);
  });

  it('records with the vote which replay the member saw, and refuses a malformed one', async () => {
    const seen = (await api.http().get(`/protocols/2027-1/foresight?${window}`).set(as('c1')).expect(200)).body;
    const foresight = { window: seen.window, inputsHash: seen.inputsHash };
    const bad = await api.http().post('/protocols/2027-1/votes').set(as('c1')).send({ vote: 'approve', foresight: { ...foresight, inputsHash: 'not-a-hash' } });
    expect(bad.status).toBe(400);
    await api.http().post('/protocols/2027-1/votes').set(as('c1')).send({ vote: 'approve', foresight }).expect(201);
    const votes = (await api.allEvents()).filter((e) => e.type === 'ProtocolVoteCast');
    expect(votes.at(-1)!.data).toEqual({ memberId: 'c1', organizationId: 'org-x', vote: 'approve', foresight });
    // The log moved on, so the same question is a new replay, not the one kept.
    const after = (await api.http().get(`/protocols/2027-1/foresight?${window}`).set(as('c1')).expect(200)).body;
    expect(after.throughPosition).toBeGreaterThan(seen.throughPosition);
    expect(after.inputsHash).not.toBe(seen.inputsHash);
  });
});
