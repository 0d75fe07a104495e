import { SubscriptionRunner, type SqlDatabase } from '@fund/event-sourcing';
import { createTestApi, type TestApi } from '@fund/platform/testing';
import { READ_DATABASE } from '@fund/platform';
import { DEMO_PROTOCOL_RULES, ProtocolsModule } from '@fund/protocols';
import { RequestViewsModule } from '../request-views.module';
import { ProtocolVersionsProjection } from './protocol-versions.projection';

describe('protocol versions (projection and list)', () => {
  let api: TestApi;
  let db: SqlDatabase;
  let runner: SubscriptionRunner;
  const t: Record<string, string> = {};
  const post = (path: string, who: string, body?: object) => api.http().post(path).set('Authorization', `Bearer ${t[who]}`).send(body);
  const get = (path: string, who: string) => api.http().get(path).set('Authorization', `Bearer ${t[who]}`);
  const list = async (who: string, q = '') => (await get(`/queues/protocol-versions${q}`, who).expect(200)).body.items as Record<string, unknown>[];
  const dump = async () => (await db.query('SELECT * FROM rv_protocol_versions ORDER BY version')).rows;

  beforeAll(async () => {
    api = await createTestApi([ProtocolsModule, RequestViewsModule]);
    db = api.app.get<SqlDatabase>(READ_DATABASE);
    runner = new SubscriptionRunner(api.store, db, api.app.get(ProtocolVersionsProjection), { batchSize: 2 });
    for (const [userId, role, organizationId] of [
      ['coord', 'coordinator', 'coalition'],
      ['c1', 'council', 'org-a'],
      ['c2', 'council', 'org-b'],
      ['c3', 'council', 'org-c'],
      ['adv', 'provider', 'org-a'],
    ] as const)
      t[userId] = await api.token({ userId, role, organizationId });

    await post('/protocols/bootstrap', 'coord', { version: '2026-1', title: 'First rules', rules: { ...DEMO_PROTOCOL_RULES, protocolQuorum: 2 } }).expect(201);
    // Proposed and adopted: two approvals reach the quorum of the rules in force.
    await post('/protocols', 'coord', { version: '2026-2', title: 'Higher cap', rules: { ...DEMO_PROTOCOL_RULES, capPerRequestCents: 60_000 } }).expect(201);
    await post('/protocols/2026-2/proposal', 'coord').expect(201);
    await post('/protocols/2026-2/votes', 'c1', { vote: 'recuse' }).expect(201);
    await post('/protocols/2026-2/votes', 'c2', { vote: 'approve' }).expect(201);
    await post('/protocols/2026-2/votes', 'c3', { vote: 'approve' }).expect(201);
    // Proposed, one vote so far; the quorum now comes from 2026-2 (the demo rules: 3).
    await post('/protocols', 'coord', { version: '2026-3', title: 'Shorter receipt deadline', rules: { ...DEMO_PROTOCOL_RULES, receiptDeadlineDays: 10 } }).expect(201);
    await post('/protocols/2026-3/proposal', 'coord').expect(201);
    await post('/protocols/2026-3/votes', 'c1', { vote: 'reject' }).expect(201);
    // A draft, revised once.
    await post('/protocols', 'coord', { version: '2027-1', title: 'Next year', rules: DEMO_PROTOCOL_RULES }).expect(201);
    await post('/protocols/2027-1/revisions', 'coord', { rules: { ...DEMO_PROTOCOL_RULES, requestExpiryDays: 20 } }).expect(201);
    await runner.catchUp();
  }, 60_000);
  afterAll(async () => api?.close());

  it('lists every version with where it stands and its tally', async () => {
    const items = await list('coord');
    const byVersion = Object.fromEntries(items.map((i) => [i.version, i]));
    expect(Object.keys(byVersion).sort()).toEqual(['2026-1', '2026-2', '2026-3', '2027-1']);
    expect(byVersion['2026-1']).toMatchObject({ status: 'superseded', bootstrapped: true, supersededBy: '2026-2', tally: null });
    expect(byVersion['2026-2']).toMatchObject({ status: 'adopted', quorum: 2, tally: { approvals: 2, rejections: 0, recusals: 1 } });
    expect(byVersion['2026-3']).toMatchObject({ status: 'proposed', quorum: 3, tally: { approvals: 0, rejections: 1, recusals: 0 } });
    expect(byVersion['2027-1']).toMatchObject({ status: 'draft', title: 'Next year', tally: null, quorum: null });
    expect(byVersion['2027-1']!.revisedAt).toEqual(expect.any(String));
    expect(byVersion['2027-1']).not.toHaveProperty('myVote');
    // The list agrees with the version's own stream.
    const live = (await get('/protocols/2026-3', 'coord').expect(200)).body;
    expect(byVersion['2026-3']).toMatchObject({ tally: live.tally, quorum: live.quorum, streamVersion: live.streamVersion });
  });

  it("filters by status and shows a council member their own vote only", async () => {
    const proposed = await list('c1', '?status=proposed');
    expect(proposed).toEqual([expect.objectContaining({ version: '2026-3', myVote: 'reject' })]);
    expect(await list('c2', '?status=proposed')).toEqual([expect.objectContaining({ version: '2026-3', myVote: null })]);
    expect((await list('c1', '?status=adopted'))[0]).toMatchObject({ version: '2026-2', myVote: 'recuse' });
    await get('/queues/protocol-versions?status=lost', 'coord').expect(400);
    await get('/queues/protocol-versions', 'adv').expect(403);
  });

  it('pages with limit and offset', async () => {
    const pages = [await list('coord', '?limit=3'), await list('coord', '?limit=3&offset=3')];
    expect(pages.map((p) => p.length)).toEqual([3, 1]);
    expect(pages.flat().map((i) => i.version).sort()).toEqual(['2026-1', '2026-2', '2026-3', '2027-1']);
  });

  it('is idempotent under redelivery, and a rebuild equals the incremental table', async () => {
    const incremental = await dump();
    const all = await api.allEvents();
    await db.transaction(async (tx) => api.app.get(ProtocolVersionsProjection).handle(all, tx));
    expect(await dump()).toEqual(incremental);
    await runner.rebuild();
    expect(await dump()).toEqual(incremental);
  });
});
