import { Body, Controller, Get, Inject, Injectable, Module, Post, Query } from '@nestjs/common';
import { IsOptional, IsString, Matches } from 'class-validator';
import { Allow } from '@fund/auth';
import {
  openEventStore,
  SubscriptionRunner,
  toEventsToAppend,
  type CommandContext,
  type EventHandler,
  type EventStore,
  type RecordedEvent,
  type SqlDatabase,
  type SqlExecutor,
} from '@fund/event-sourcing';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '@fund/event-sourcing/testing';
import { Ctx } from '../http/command-context';
import { SubscriptionsHost, SubscriptionsModule } from '../subscriptions.module';
import { createTestApi, type TestApi } from '../testing/test-api';
import { EVENT_STORE, READ_DATABASE } from '../tokens';
import { ReadsFrom } from './reads-from';

/**
 * Read your own writes, end to end through the real edge: a command's token, a query that waits
 * for its read model to pass it (in this process or in another one), and a clear 503 otherwise.
 */

const NOTES = 'notes';

@Injectable()
class NotesProjection implements EventHandler {
  readonly name = NOTES;
  readonly migrations = [{ version: 1, name: 'notes', sql: 'CREATE TABLE notes (note_id text PRIMARY KEY)' }];

  async handle(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void> {
    for (const e of events) if (e.type === 'NoteWritten') await tx.query('INSERT INTO notes VALUES ($1) ON CONFLICT DO NOTHING', [(e.data as { noteId: string }).noteId]);
  }
}

class WriteNoteDto {
  @IsString()
  @Matches(/^[a-z0-9-]{1,40}$/)
  readonly noteId!: string;
}

class ListNotesDto {
  @IsOptional()
  @IsString()
  readonly prefix?: string;
}

@Controller('notes')
class NotesController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_DATABASE) private readonly db: SqlDatabase,
  ) {}

  @Post()
  @Allow('coordinator')
  async write(@Body() body: WriteNoteDto, @Ctx() ctx: CommandContext) {
    const streamId = `note-${body.noteId}`;
    await this.store.append({ streamId, expectedVersion: 'no_stream', events: toEventsToAppend([{ type: 'NoteWritten', data: { noteId: body.noteId } }], ctx, streamId) });
    return { noteId: body.noteId };
  }

  @Post('nothing')
  @Allow('coordinator')
  nothing() {
    return { wrote: false };
  }

  @Get()
  @Allow('coordinator')
  @ReadsFrom(NOTES)
  async list(@Query() q: ListNotesDto) {
    const { rows } = await this.db.query<{ note_id: string }>('SELECT note_id FROM notes WHERE note_id LIKE $1 ORDER BY note_id', [`${q.prefix ?? ''}%`]);
    return { items: rows.map((r) => r.note_id) };
  }
}

@Module({ controllers: [NotesController] })
class NotesModule {}

const TOKEN = /^\d+\.\d+$/;

describe('read your own writes (consistency tokens)', () => {
  let api: TestApi;
  let token: string;
  let runner: SubscriptionRunner;

  /** A read model that is behind, on demand: its runner stops until `resume`. */
  const holdProjection = (): Promise<void> => runner.stop();
  const resume = (): void => runner.start();

  beforeAll(async () => {
    api = await createTestApi([NotesModule, SubscriptionsModule.forRoot([NotesProjection])], { env: { READ_MODEL_WAIT_MS: '1500' } });
    token = await api.token({ role: 'coordinator' });
    runner = api.app.get(SubscriptionsHost).runners.find((r) => r.name === NOTES)!;
  }, 60_000);

  afterAll(async () => {
    await api?.close();
  });

  const write = (noteId: string, headers: Record<string, string> = {}) =>
    api.http().post('/notes').set('Authorization', `Bearer ${token}`).set(headers).send({ noteId });

  it('a command answers with the position of what it wrote, in the header and the body', async () => {
    const res = await write('first');
    expect(res.status).toBe(201);
    expect(res.headers['x-position']).toMatch(TOKEN);
    expect(res.body).toEqual({ noteId: 'first', position: res.headers['x-position'] });
    const later = await write('second');
    const [c1, p1] = String(res.headers['x-position']).split('.').map(Number);
    const [c2, p2] = String(later.headers['x-position']).split('.').map(Number);
    expect(c2! > c1! || (c2 === c1 && p2! > p1!)).toBe(true);
  });

  it('a command that writes nothing carries no token', async () => {
    const res = await api.http().post('/notes/nothing').set('Authorization', `Bearer ${token}`).send({});
    expect(res.status).toBe(201);
    expect(res.headers['x-position']).toBeUndefined();
    expect(res.body).toEqual({ wrote: false });
  });

  it('a query given the token waits for its read model; without it, the same read misses the write', async () => {
    await holdProjection();
    const written = await write('raced');
    const position = String(written.headers['x-position']);
    // Without the token: the read model is behind, and the list does not show the write yet.
    const stale = await api.http().get('/notes').set('Authorization', `Bearer ${token}`);
    expect(stale.status).toBe(200);
    expect(stale.body.items).not.toContain('raced');
    // With it: the answer waits until the projection has passed the position.
    const fresh = api.http().get('/notes').set('Authorization', `Bearer ${token}`).set('X-Min-Position', position);
    setTimeout(resume, 200);
    const res = await fresh;
    expect(res.status).toBe(200);
    expect(res.body.items).toContain('raced');
  });

  it('takes the token as a query parameter too, beside a query DTO that refuses unknown fields', async () => {
    const written = await write('by-link');
    const res = await api.http().get(`/notes?prefix=by&minPosition=${String(written.headers['x-position'])}`).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual(['by-link']);
    const unknown = await api.http().get('/notes?prefix=by&other=1').set('Authorization', `Bearer ${token}`);
    expect(unknown.status).toBe(400);
  });

  it('answers 503 READ_MODEL.BEHIND, never a stale list, when the read model does not catch up in time', async () => {
    await holdProjection();
    const written = await write('late');
    const res = await api.http().get('/notes').set('Authorization', `Bearer ${token}`).set('X-Min-Position', String(written.headers['x-position']));
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.body).toMatchObject({
      statusCode: 503,
      code: 'READ_MODEL.BEHIND',
      details: { readModels: [NOTES], position: written.headers['x-position'], eventsBehind: 1, waitedMs: 1500 },
    });
    expect(res.body.message).toMatch(/notes: 1 event behind/);
    expect(res.body.items).toBeUndefined();
    resume();
    const again = await api.http().get('/notes').set('Authorization', `Bearer ${token}`).set('X-Min-Position', String(written.headers['x-position']));
    expect(again.body.items).toContain('late');
  });

  it.each([['abc'], ['1.2.3'], ['-1.5'], ['1'], ['99999999999999999999.1'], ['1. 2'], ['01.2']])('refuses a malformed token %p with a 400 naming the header', async (bad) => {
    const res = await api.http().get('/notes').set('Authorization', `Bearer ${token}`).set('X-Min-Position', bad);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION.FAILED', details: { errors: [{ field: 'X-Min-Position', rule: 'positionToken' }] } });
    const viaQuery = await api.http().get(`/notes?minPosition=${encodeURIComponent(bad)}`).set('Authorization', `Bearer ${token}`);
    expect(viaQuery.status).toBe(400);
    expect(viaQuery.body.details.errors[0].field).toBe('minPosition');
  });

  it('refuses a repeated query parameter (an array is not a token)', async () => {
    const res = await api.http().get('/notes?minPosition=1.1&minPosition=2.2').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(400);
  });

  it('a replayed idempotent command answers with the first token', async () => {
    const first = await write('once', { 'Idempotency-Key': 'note-once' });
    const replay = await write('once', { 'Idempotency-Key': 'note-once' });
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.headers['x-position']).toBe(first.headers['x-position']);
    expect(replay.body.position).toBe(first.headers['x-position']);
  });
});

describeWithPostgres('read your own writes with the projections in another process (PostgreSQL)', () => {
  let database: TestDatabase;
  let api: TestApi;
  let token: string;
  let worker: { runner: SubscriptionRunner; close: () => Promise<void> };

  beforeAll(async () => {
    database = await createTestDatabase('consistency');
    // The api runs no projection: it learns the worker's progress from the stored checkpoints.
    api = await createTestApi([NotesModule], { databaseUrl: database.url, env: { READ_MODEL_WAIT_MS: '5000' } });
    token = await api.token({ role: 'coordinator' });
    // The worker: its own connections, store and runner, as a separate process would have.
    const opened = await openEventStore({ kind: 'postgres', connectionString: database.url, poolSize: 3 });
    const runner = new SubscriptionRunner(opened.store, opened.db, new NotesProjection());
    await runner.prepare();
    worker = { runner, close: async () => (await runner.stop(), await opened.store.close()) };
  }, 60_000);

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await database?.drop();
  });

  it('waits for the worker to pass the position, woken by its checkpoint notification', async () => {
    const written = await api.http().post('/notes').set('Authorization', `Bearer ${token}`).send({ noteId: 'elsewhere' });
    expect(written.status).toBe(201);
    const reading = api.http().get('/notes').set('Authorization', `Bearer ${token}`).set('X-Min-Position', String(written.headers['x-position']));
    // The worker starts only after the read began waiting.
    setTimeout(() => worker.runner.start(), 300);
    const res = await reading;
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual(['elsewhere']);
    const db = api.app.get<SqlDatabase>(READ_DATABASE);
    const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN es_checkpoints'`);
    expect(Number(rows[0]?.n)).toBe(1);
  });

  it('reads its own writes every time while the worker runs live', async () => {
    for (let i = 0; i < 25; i++) {
      const written = await api.http().post('/notes').set('Authorization', `Bearer ${token}`).send({ noteId: `live-${i}` });
      const res = await api.http().get('/notes?prefix=live-').set('Authorization', `Bearer ${token}`).set('X-Min-Position', String(written.headers['x-position']));
      expect([i, res.status, res.body.items.length]).toEqual([i, 200, i + 1]);
    }
  });
});
