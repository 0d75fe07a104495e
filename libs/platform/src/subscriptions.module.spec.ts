import { openEventStore, type EventHandler, type OpenedEventStore } from '@fund/event-sourcing';
import { SubscriptionsHost } from './subscriptions.module';

const handler = (name: string, rebuildOnlyByName = false): EventHandler & { resets: number } => {
  const h = {
    name,
    rebuildOnlyByName,
    resets: 0,
    handle: async () => undefined,
    reset: async () => {
      h.resets++;
    },
  };
  return h;
};

describe('rebuilding from the host', () => {
  let opened: OpenedEventStore;
  beforeAll(async () => (opened = await openEventStore({ kind: 'pglite' })));
  afterAll(async () => opened?.store.close());

  it('rebuilds every read model when none is named, but a publisher only when it is named', async () => {
    const views = handler('views');
    const publisher = handler('publisher', true);
    const host = new SubscriptionsHost(opened.store, opened.db, [views, publisher]);

    expect((await host.rebuild()).map((r) => r.name)).toEqual(['views']);
    expect([views.resets, publisher.resets]).toEqual([1, 0]);

    expect((await host.rebuild('publisher')).map((r) => r.name)).toEqual(['publisher']);
    expect([views.resets, publisher.resets]).toEqual([1, 1]);
  });
});
