import { eventStoreContract } from './zz-tmp-contract';
import { PgliteDatabase } from '../sql/pglite-database';
import { KurrentDbEventStore } from './kurrentdb-event-store';
import { prepareKurrentDbReadStore } from './read-store';
import { FakeKurrentDbClient } from './testing/fake-kurrentdb-client';

const fake = new FakeKurrentDbClient();
eventStoreContract(
  'fake',
  async (options) => {
    const readDb = await PgliteDatabase.open();
    await prepareKurrentDbReadStore(readDb);
    const store = new KurrentDbEventStore({ ...fakeShared(), dispose: async () => undefined }, { upcasters: options.upcasters });
    return { store, readDb, close: async () => { await store.close(); await readDb.close(); } };
  },
  { concurrentTransactions: true, globalEventIds: false, beforeCommitSeam: false },
);
function fakeShared() {
  return {
    appendToStream: fake.appendToStream.bind(fake),
    multiStreamAppend: fake.multiStreamAppend.bind(fake),
    readStream: fake.readStream.bind(fake),
    readAll: fake.readAll.bind(fake),
    subscribeToAll: fake.subscribeToAll.bind(fake),
  };
}
