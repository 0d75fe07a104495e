import type { RecordedEvent } from '../event';
import type { EventStore } from '../event-store';
import { PgliteDatabase } from '../sql/pglite-database';
import type { SqlExecutor } from '../sql/sql-database';
import { SqlEventStore } from '../sql/sql-event-store';
import { SubscriptionRunner } from '../subscriptions/subscription-runner';
import { anEvent } from '../testing';
import { KurrentDbEventStore } from './kurrentdb-event-store';
import { CopyConflictError, copyEvents, loadUntranslatedCheckpoints, translateCheckpoints, verifyCopy } from './migrate-events';
import { prepareKurrentDbReadStore } from './read-store';
import { FakeKurrentDbClient } from './testing/fake-kurrentdb-client';

/**
 * The PostgreSQL -> KurrentDB migration on PGlite (same SQL as PostgreSQL) and the KurrentDB
 * fake. One database holds the source events and the read models, as in production on
 * PostgreSQL, so checkpoints are translated in place.
 */
describe('migrating the event log from SQL to KurrentDB', () => {
  let db: PgliteDatabase;
  let source: SqlEventStore;

  beforeAll(async () => {
    db = await PgliteDatabase.open();
    source = await SqlEventStore.create(db);
    await source.append({ streamId: 'fund-1', expectedVersion: 'no_stream', events: [anEvent('FundOpened'), anEvent('DonationReceived')] });
    await source.append({ streamId: 'request-1', expectedVersion: 'no_stream', events: [anEvent('RequestSubmitted')] });
    await source.appendMany([
      { streamId: 'fund-1', expectedVersion: 2, events: [anEvent('MoneyReserved')] },
      { streamId: 'request-1', expectedVersion: 1, events: [anEvent('RequestApproved')] },
    ]);
    for (let i = 0; i < 6; i++) await source.append({ streamId: `request-${2 + (i % 3)}`, expectedVersion: 'any', events: [anEvent('Noted', { i })] });
  });
  afterAll(async () => db.close());

  const kurrent = () => new KurrentDbEventStore(new FakeKurrentDbClient());
  const ids = async (store: EventStore) => (await store.readAll({ limit: 1000 })).map((e) => [e.streamId, e.streamVersion, e.metadata.eventId, e.type]);

  it('copies every event in global order with its id, type, data and metadata, then verifies', async () => {
    const target = kurrent();
    const progress: number[] = [];
    const report = await copyEvents(source, target, { batchSize: 4, onProgress: (p) => progress.push(p.read) });
    expect(report).toMatchObject({ read: 11, written: 11, alreadyThere: 0 });
    expect(progress).toEqual([4, 8, 11]);
    expect(await ids(target)).toEqual(await ids(source));
    const [copied] = (await target.readStream('fund-1')).events;
    const [original] = (await source.readStream('fund-1')).events;
    expect([copied!.data, copied!.metadata]).toEqual([original!.data, original!.metadata]);
    expect(report.streams.get('fund-1')).toEqual({ count: 3, lastEventId: (await source.readStream('fund-1')).events[2]!.metadata.eventId });

    const verified = await verifyCopy(source, target, report.streams);
    expect(verified).toEqual({ ok: true, streamsChecked: 5, mismatches: [], sourceTotal: 11, targetTotal: 11 });
  });

  it('a re-run finds everything already there and writes nothing', async () => {
    const target = kurrent();
    await copyEvents(source, target);
    const again = await copyEvents(source, target, { batchSize: 5 });
    expect(again).toMatchObject({ read: 11, written: 0, alreadyThere: 11 });
    expect((await verifyCopy(source, target, again.streams)).ok).toBe(true);
  });

  it('an interrupted copy resumes, even with other page boundaries', async () => {
    const fake = new FakeKurrentDbClient();
    const target = new KurrentDbEventStore(fake);
    const flaky: EventStore = Object.create(target) as EventStore;
    // Stopped after fund-1's first event: on resume, the run [e1, e2] straddles the cut.
    let budget = 1;
    flaky.append = async (request) => {
      if (budget-- <= 0) throw new Error('connection lost');
      return target.append(request);
    };
    await expect(copyEvents(source, flaky, { batchSize: 1 })).rejects.toThrow('connection lost');
    const partial = fake.log.length;
    expect(partial).toBe(1);
    const resumed = await copyEvents(source, target, { batchSize: 7 });
    expect(resumed.written + resumed.alreadyThere).toBe(11);
    expect(resumed.alreadyThere).toBe(partial);
    expect(await ids(target)).toEqual(await ids(source));
  });

  it('refuses to mix logs: a target stream holding other events stops the copy', async () => {
    const target = kurrent();
    await target.append({ streamId: 'request-1', expectedVersion: 'no_stream', events: [anEvent('Elsewhere')] });
    await expect(copyEvents(source, target)).rejects.toThrow(CopyConflictError);
  });

  it('verification names streams that differ and totals that differ', async () => {
    const target = kurrent();
    const report = await copyEvents(source, target, { dryRun: true });
    expect(report).toMatchObject({ read: 11, written: 0 });
    await target.append({ streamId: 'fund-1', expectedVersion: 'no_stream', events: [anEvent('Other')] });
    await target.append({ streamId: 'stray', expectedVersion: 'no_stream', events: [anEvent('Other')] });
    const verified = await verifyCopy(source, target, report.streams);
    expect(verified.ok).toBe(false);
    expect(verified.mismatches.map((m) => [m.streamId, m.expected.count, m.actual.version])).toEqual([
      ['fund-1', 3, 1],
      ['request-1', 2, 0],
      ['request-2', 2, 0],
      ['request-3', 2, 0],
      ['request-4', 2, 0],
    ]);
    expect([verified.sourceTotal, verified.targetTotal]).toEqual([11, 2]);
  });

  it('moves projection checkpoints to the matching KurrentDB positions, once: projections carry on, nothing replayed or skipped', async () => {
    const seen: string[] = [];
    const handler = (name: string) => ({
      name,
      handle: async (events: readonly RecordedEvent[], _tx: SqlExecutor) => {
        if (name === 'ledger') seen.push(...events.map((e) => e.metadata.eventId));
      },
    });
    // The ledger has handled the first 5 events on PostgreSQL; "fresh" never ran.
    await new SubscriptionRunner(source, db, handler('ledger'), { batchSize: 5 }).catchUp();
    await db.query(`UPDATE es_checkpoints SET commit_position = $1, prepare_position = $2 WHERE subscription_id = 'ledger'`, [
      (await source.readAll({ limit: 5 })).at(-1)!.position.commit,
      (await source.readAll({ limit: 5 })).at(-1)!.position.prepare,
    ]);
    await db.query(`INSERT INTO es_checkpoints (subscription_id, commit_position, prepare_position) VALUES ('fresh', -1, -1)`);
    seen.length = 0;

    const target = kurrent();
    const checkpoints = await loadUntranslatedCheckpoints(db);
    expect(checkpoints.map((c) => c.subscriptionId)).toEqual(['fresh', 'ledger']);
    const report = await copyEvents(source, target, { checkpoints });
    await prepareKurrentDbReadStore(db);
    const moved = await translateCheckpoints(db, target, checkpoints, report.markers);
    expect(moved.map((m) => m.subscriptionId)).toEqual(['fresh', 'ledger']);
    expect(moved[0]!.to).toEqual({ commit: -1, prepare: -1 });
    expect(await loadUntranslatedCheckpoints(db)).toEqual([]);

    // The ledger, now reading KurrentDB, gets exactly the 6 events it had not handled.
    await new SubscriptionRunner(target, db, handler('ledger')).catchUp();
    expect(seen).toEqual((await source.readAll({ limit: 100 })).slice(5).map((e) => e.metadata.eventId));
  });
});
