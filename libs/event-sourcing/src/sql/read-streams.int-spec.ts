import { randomUUID } from 'node:crypto';
import { anEvent, createTestDatabase, describeWithPostgres } from '../testing';
import type { EventStore, StreamRead } from '../event-store';
import { PgliteDatabase } from './pglite-database';
import { PostgresDatabase } from './pg-database';
import { SqlEventStore } from './sql-event-store';

/** `readStreams` must answer, stream for stream, exactly what `readStream` answers. */
function readStreamsSuite(name: string, open: () => Promise<{ store: EventStore; close: () => Promise<void> }>): void {
  describe(`readStreams: ${name}`, () => {
    let store: EventStore;
    let close: () => Promise<void>;
    beforeAll(async () => ({ store, close } = await open()));
    afterAll(async () => close());

    it('returns, in the order asked, what one readStream per stream returns: empty, missing, past the end, repeated, from a version', async () => {
      const [a, b, empty] = ['a', 'b', 'missing'].map((label) => `${label}-${randomUUID()}`) as [string, string, string];
      await store.append({ streamId: a, expectedVersion: 'no_stream', events: [1, 2, 3].map((n) => anEvent('N', { n })) });
      await store.append({ streamId: b, expectedVersion: 'no_stream', events: [anEvent('M', { m: 1 })] });
      // Another stream written after b, so a stream's events are not simply the log's.
      await store.append({ streamId: a, expectedVersion: 3, events: [anEvent('N', { n: 4 })] });
      const reads: StreamRead[] = [
        { streamId: b },
        { streamId: empty },
        { streamId: a, fromVersion: 2 },
        { streamId: a, fromVersion: 5 },
        { streamId: a },
        { streamId: empty, fromVersion: 3 },
        { streamId: b, fromVersion: Number.MAX_SAFE_INTEGER },
      ];
      const together = await store.readStreams!(reads);
      const alone = await Promise.all(reads.map((r) => store.readStream(r.streamId, { fromVersion: r.fromVersion ?? 1 })));
      expect(together).toEqual(alone);
      // And what that is, so two equally wrong answers cannot pass.
      expect(together.map((s) => [s.version, s.events.map((e) => e.streamVersion)])).toEqual([
        [1, [1]],
        [0, []],
        [4, [2, 3, 4]],
        [4, []],
        [4, [1, 2, 3, 4]],
        [0, []],
        [1, []],
      ]);
      expect(together[2]!.events.map((e) => e.data)).toEqual([{ n: 2 }, { n: 3 }, { n: 4 }]);
    });

    it('answers an empty list with nothing and one stream like readStream', async () => {
      const a = `a-${randomUUID()}`;
      await store.append({ streamId: a, expectedVersion: 'no_stream', events: [anEvent('N', { n: 1 })] });
      expect(await store.readStreams!([])).toEqual([]);
      expect(await store.readStreams!([{ streamId: a }])).toEqual([await store.readStream(a)]);
    });
  });
}

readStreamsSuite('PGlite (embedded)', async () => {
  const db = await PgliteDatabase.open();
  const store = await SqlEventStore.create(db);
  return { store, close: () => store.close() };
});

describeWithPostgres('readStreams on PostgreSQL', () => {
  readStreamsSuite('PostgreSQL', async () => {
    const database = await createTestDatabase('es_read_streams');
    const store = await SqlEventStore.create(new PostgresDatabase({ connectionString: database.url, max: 2 }));
    return {
      store,
      close: async () => {
        await store.close();
        await database.drop();
      },
    };
  });
});
