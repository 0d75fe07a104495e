import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Role } from '@fund/event-sourcing';
import { createTestApi, type TestApi } from '@fund/platform/testing';
import { DEMO_PROTOCOL_RULES } from './protocol-rules';
import { ProtocolsModule } from './protocols.module';

const rules = DEMO_PROTOCOL_RULES;
/** The file the README's bootstrap command posts as it is (`-d @docs/examples/protocol.json`). */
const EXAMPLE = join(__dirname, '..', '..', '..', 'docs', 'examples', 'protocol.json');

describe('protocols api (embedded store)', () => {
  let api: TestApi;
  const tokens: Record<string, string> = {};
  const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });

  beforeAll(async () => {
    api = await createTestApi([ProtocolsModule]);
    const actors: [string, Role, string][] = [
      ['coordinator', 'coordinator', 'coalition'],
      ['provider', 'provider', 'org-a'],
      ['funder', 'funder', 'board'],
      ['auditor', 'auditor', 'audit-co'],
      ['c1', 'council', 'org-a'],
      ['c2', 'council', 'org-b'],
      ['c3', 'council', 'org-c'],
      ['c4', 'council', 'org-a'],
    ];
    for (const [userId, role, organizationId] of actors) tokens[userId] = await api.token({ role, userId, organizationId });
  });
  afterAll(async () => api.close());

  const eventCount = async () => (await api.allEvents()).length;

  describe('the life of protocol versions', () => {
    it('has nothing in force before bootstrap, and cannot propose yet', async () => {
      const current = await api.http().get('/protocols/current').set(as('provider'));
      expect(current.status).toBe(422);
      expect(current.body.code).toBe('PROTOCOL.NONE_IN_FORCE');

      await api.http().post('/protocols').set(as('coordinator')).send({ version: 'early', title: 'Drafted before bootstrap', rules }).expect(201);
      const proposal = await api.http().post('/protocols/early/proposal').set(as('coordinator'));
      expect(proposal.status).toBe(422);
      expect(proposal.body.code).toBe('PROTOCOL.NONE_IN_FORCE');
    });

    it('bootstraps the first version once, from the example file the README posts; a second bootstrap is refused and writes nothing', async () => {
      const example = readFileSync(EXAMPLE, 'utf8');
      // The example is the demo's rules, so what the README shows is what the demo runs under.
      expect(JSON.parse(example)).toEqual({ version: '2026-1', title: expect.any(String), rules: JSON.parse(JSON.stringify(rules)) });
      const first = await api.http().post('/protocols/bootstrap').set(as('coordinator')).set('Content-Type', 'application/json').send(example);
      expect(first.status).toBe(201);
      expect(first.body).toEqual({ version: '2026-1', status: 'adopted', streamVersion: 1, position: first.headers['x-position'] });
      expect(first.headers.etag).toBe('"1"');
      const inForce = await api.http().get('/protocols/current').set(as('provider')).set('X-Min-Position', String(first.headers['x-position']));
      expect(inForce.status).toBe(200);
      expect(inForce.body).toMatchObject({ version: '2026-1', rules: JSON.parse(example).rules });

      const before = await eventCount();
      for (const version of ['2026-9', '2026-1']) {
        const again = await api.http().post('/protocols/bootstrap').set(as('coordinator')).send({ version, title: 'Another first', rules });
        expect(again.status).toBe(422);
        expect(again.body.code).toBe('PROTOCOL.ALREADY_BOOTSTRAPPED');
      }
      expect(await eventCount()).toBe(before);
    });

    it('drafts, revises against an ETag, and proposes with the quorum in force', async () => {
      const draft = await api.http().post('/protocols').set(as('coordinator')).send({ version: '2026-2', title: 'Second edition', rules });
      expect(draft.status).toBe(201);
      expect(draft.body).toEqual({ version: '2026-2', status: 'draft', streamVersion: 1, position: draft.headers['x-position'] });
      expect(draft.headers.etag).toBe('"1"');

      const duplicate = await api.http().post('/protocols').set(as('coordinator')).send({ version: '2026-2', title: 'Second edition', rules });
      expect(duplicate.status).toBe(409);
      expect(duplicate.body.code).toBe('PROTOCOL.ALREADY_EXISTS');

      const revised = { ...rules, capPerRequestCents: 60_000, capPerSurvivorPer12MonthsCents: 180_000 };
      const revision = await api.http().post('/protocols/2026-2/revisions').set(as('coordinator')).set('If-Match', '"1"').send({ rules: revised });
      expect(revision.status).toBe(201);
      expect(revision.headers.etag).toBe('"2"');
      const stale = await api.http().post('/protocols/2026-2/revisions').set(as('coordinator')).set('If-Match', '"1"').send({ rules });
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('EVENT_STORE.CONCURRENCY_CONFLICT');

      const proposal = await api.http().post('/protocols/2026-2/proposal').set(as('coordinator')).set('If-Match', '"2"');
      expect(proposal.status).toBe(201);
      expect(proposal.body).toEqual({ version: '2026-2', status: 'proposed', streamVersion: 3, position: proposal.headers['x-position'] });

      const view = await api.http().get('/protocols/2026-2').set(as('c1'));
      expect(view.status).toBe(200);
      expect(view.headers.etag).toBe('"3"');
      expect(view.body).toMatchObject({ status: 'proposed', quorum: rules.protocolQuorum, rules: { capPerRequestCents: 60_000 }, tally: { approvals: 0 } });

      const revisingProposed = await api.http().post('/protocols/2026-2/revisions').set(as('coordinator')).send({ rules });
      expect(revisingProposed.status).toBe(422);
      expect(revisingProposed.body.code).toBe('PROTOCOL.NOT_DRAFT');
    });

    it('adopts on the third approval: recusals do not count, a second vote is refused', async () => {
      const vote = (who: string, choice: string) => api.http().post('/protocols/2026-2/votes').set(as(who)).send({ vote: choice });

      const firstVote = await vote('c1', 'approve');
      expect(firstVote.body).toEqual({ version: '2026-2', status: 'proposed', streamVersion: 4, position: firstVote.headers['x-position'] });
      expect((await vote('c2', 'recuse')).body.status).toBe('proposed');

      const before = await eventCount();
      const again = await vote('c1', 'reject');
      expect(again.status).toBe(422);
      expect(again.body.code).toBe('PROTOCOL.ALREADY_VOTED');
      expect(await eventCount()).toBe(before);

      expect((await vote('c3', 'approve')).body.status).toBe('proposed');
      const deciding = await vote('c4', 'approve');
      expect(deciding.status).toBe(201);
      expect(deciding.body).toEqual({ version: '2026-2', status: 'adopted', streamVersion: 8, position: deciding.headers['x-position'] });
      expect(deciding.headers.etag).toBe('"8"');

      const late = await vote('c2', 'approve');
      expect(late.status).toBe(422);
      expect(late.body.code).toBe('PROTOCOL.NOT_PROPOSED');
    });

    it('wrote the adoption, the registry and the supersession in one append, by the deciding voter', async () => {
      const events = await api.allEvents();
      const adoption = events.find((e) => e.type === 'ProtocolAdopted')!;
      const together = events.filter((e) => e.position.commit === adoption.position.commit);
      expect(together.map((e) => [e.streamId, e.type])).toEqual([
        ['protocol-2026-2', 'ProtocolVoteCast'],
        ['protocol-2026-2', 'ProtocolAdopted'],
        ['protocol-registry', 'ProtocolPutInForce'],
        ['protocol-2026-1', 'ProtocolSuperseded'],
      ]);
      expect(together.map((e) => e.data)).toEqual([
        { memberId: 'c4', organizationId: 'org-a', vote: 'approve' },
        { approvals: 3, rejections: 0, recusals: 1 },
        { version: '2026-2', previousVersion: '2026-1' },
        { supersededBy: '2026-2' },
      ]);
      expect(together.every((e) => e.metadata.actor.userId === 'c4')).toBe(true);
      const proposed = events.find((e) => e.type === 'ProtocolProposed')!;
      expect(proposed.metadata.protocolVersion).toBe('2026-1');
    });

    it('shows the new version in force and the old one superseded, to every role', async () => {
      for (const who of ['provider', 'c1', 'coordinator', 'auditor', 'funder']) {
        const current = await api.http().get('/protocols/current').set(as(who));
        expect(current.status).toBe(200);
        expect(current.body).toMatchObject({ version: '2026-2', status: 'adopted', rules: { capPerRequestCents: 60_000 }, tally: { approvals: 3, recusals: 1 } });
        expect(current.body.adoptedAt).toEqual(expect.any(String));
      }
      const current = await api.http().get('/protocols/current').set(as('funder'));
      expect(current.headers.etag).toBe('"2"');
      expect(JSON.stringify(current.body)).not.toMatch(/memberId|"c[1-4]"/);

      const old = await api.http().get('/protocols/2026-1').set(as('auditor'));
      expect(old.body).toMatchObject({ version: '2026-1', status: 'superseded', supersededBy: '2026-2', bootstrapped: true });
    });

    it('exports a version as a Markdown document', async () => {
      const doc = await api.http().get('/protocols/2026-2/document').set(as('funder'));
      expect(doc.status).toBe(200);
      expect(doc.headers['content-type']).toBe('text/markdown; charset=utf-8');
      expect(doc.headers.etag).toBe('"8"');
      expect(doc.text).toContain('# Survivor Support Fund Protocol: Second edition');
      expect(doc.text).toContain('| Status | Adopted (in force) |');
      expect(doc.text).toContain('at most **$600**');
      expect(doc.text).toContain('Council votes: 3 approvals, 0 rejections, 1 recusal');
      expect(doc.text).not.toMatch(/c4|org-a/);
    });

    it('answers 404 for an unknown version', async () => {
      for (const path of ['/protocols/2030-1', '/protocols/2030-1/document']) {
        const res = await api.http().get(path).set(as('coordinator'));
        expect(res.status).toBe(404);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        expect(res.body.code).toBe('PROTOCOL.NOT_FOUND');
      }
      const vote = await api.http().post('/protocols/2030-1/votes').set(as('c1')).send({ vote: 'approve' });
      expect(vote.status).toBe(404);
      const proposal = await api.http().post('/protocols/2030-1/proposal').set(as('coordinator'));
      expect(proposal.status).toBe(404);
    });
    it('adopts exactly once when the last votes race each other', async () => {
      await api.http().post('/protocols').set(as('coordinator')).send({ version: '2026-3', title: 'Third edition', rules }).expect(201);
      await api.http().post('/protocols/2026-3/proposal').set(as('coordinator')).expect(201);

      const results = await Promise.all(['c1', 'c2', 'c3', 'c4'].map((who) => api.http().post('/protocols/2026-3/votes').set(as(who)).send({ vote: 'approve' })));
      expect(results.map((r) => r.status).sort()).toEqual([201, 201, 201, 422]);
      expect(results.find((r) => r.status === 422)!.body.code).toBe('PROTOCOL.NOT_PROPOSED');

      const events = await api.allEvents();
      expect(events.filter((e) => e.streamId === 'protocol-2026-3' && e.type === 'ProtocolAdopted')).toHaveLength(1);
      expect(events.filter((e) => e.streamId === 'protocol-2026-2' && e.type === 'ProtocolSuperseded')).toHaveLength(1);
      expect((await api.http().get('/protocols/current').set(as('provider'))).body.version).toBe('2026-3');
    });
  });

  describe('access', () => {
    it.each([
      ['provider', 'post', '/protocols'],
      ['c1', 'post', '/protocols'],
      ['funder', 'post', '/protocols/bootstrap'],
      ['c1', 'post', '/protocols/2026-2/revisions'],
      ['provider', 'post', '/protocols/2026-2/proposal'],
      ['coordinator', 'post', '/protocols/2026-2/votes'],
    ] as const)('refuses %s on %s %s with 403', async (who, method, path) => {
      const res = await api.http()[method](path).set(as(who)).send({ version: 'sneaky', title: 'Not mine to draft', rules, vote: 'approve' });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('AUTH.ROLE_NOT_ALLOWED');
    });

    it('refuses a caller without a token', async () => {
      expect((await api.http().get('/protocols/current')).status).toBe(401);
    });
  });

  describe('bad input: 400 naming the field, nothing written', () => {
    const tiersNotAscending = {
      ...rules,
      approvalTiers: [
        { upToCents: 25_000, approvalsRequired: 1 },
        { upToCents: 10_000, approvalsRequired: 2 },
        { upToCents: null, approvalsRequired: 2 },
      ],
    };
    const { expedited: _missing, ...rulesWithoutExpedited } = rules;

    it.each([
      ['an unknown field', { version: 'bad-1', title: 'Bad', rules, extra: true }, 'VALIDATION.FAILED', 'extra', 'unknownField'],
      ['an unknown nested field', { version: 'bad-1', title: 'Bad', rules: { ...rules, cashAllowed: true } }, 'VALIDATION.FAILED', 'rules.cashAllowed', 'unknownField'],
      ['a negative cap', { version: 'bad-1', title: 'Bad', rules: { ...rules, capPerRequestCents: -500 } }, 'VALIDATION.FAILED', 'rules.capPerRequestCents', 'min'],
      ['a fractional tier bound', { version: 'bad-1', title: 'Bad', rules: { ...tiersNotAscending, approvalTiers: [{ upToCents: 1.5, approvalsRequired: 1 }, { upToCents: null, approvalsRequired: 2 }] } }, 'VALIDATION.FAILED', 'rules.approvalTiers.0.upToCents', 'isInt'],
      ['tiers not ascending', { version: 'bad-1', title: 'Bad', rules: tiersNotAscending }, 'PROTOCOL.INVALID_RULES', 'rules.approvalTiers.1.upToCents', 'ascending'],
      ['a missing field', { version: 'bad-1', rules }, 'VALIDATION.FAILED', 'title', 'isString'],
      ['a missing nested object', { version: 'bad-1', title: 'Bad', rules: rulesWithoutExpedited }, 'VALIDATION.FAILED', 'rules.expedited', 'isObject'],
      ['an unknown category', { version: 'bad-1', title: 'Bad', rules: { ...rules, eligibleCategories: ['cash'] } }, 'VALIDATION.FAILED', 'rules.eligibleCategories', 'isIn'],
      ['a reserved version', { version: 'registry', title: 'Bad', rules }, 'VALIDATION.FAILED', 'version', 'isNotIn'],
      ['a two-line title', { version: 'bad-1', title: 'Bad\n# injected', rules }, 'VALIDATION.FAILED', 'title', 'matches'],
    ])('refuses %s', async (_label, body, code, field, rule) => {
      const before = await eventCount();
      const res = await api.http().post('/protocols').set(as('coordinator')).send(body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe(code);
      const listed: { field: string; rule: string }[] = res.body.details.errors ?? res.body.details.problems;
      expect(listed).toContainEqual(expect.objectContaining({ field, rule }));
      expect(await eventCount()).toBe(before);
    });

    it('refuses a vote that is not approve, reject or recuse', async () => {
      const res = await api.http().post('/protocols/2026-2/votes').set(as('c2')).send({ vote: 'abstain' });
      expect(res.status).toBe(400);
      expect(res.body.details.errors).toContainEqual(expect.objectContaining({ field: 'vote', rule: 'isIn' }));
    });

    it('refuses a malformed version in the path', async () => {
      const res = await api.http().get('/protocols/Not_A_Slug').set(as('coordinator'));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('PROTOCOL.INVALID_VERSION');
    });
  });
});
