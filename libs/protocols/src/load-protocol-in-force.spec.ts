import { openEventStore, runUnitOfWork, toEventsToAppend, type CommandContext, type DomainEvent, type OpenedEventStore } from '@fund/event-sourcing';
import { loadProtocolInForce } from './load-protocol-in-force';
import { DEMO_PROTOCOL_RULES } from './protocol-rules';
import { PROTOCOL_REGISTRY_STREAM, protocolStreamId } from './protocol-streams';

const context: CommandContext = { actor: { userId: 'coord-1', role: 'coordinator', organizationId: 'coalition' }, correlationId: 'c-1', now: new Date('2026-11-02T10:00:00Z') };

describe('loadProtocolInForce (embedded store)', () => {
  let opened: OpenedEventStore;
  let n = 0;
  const append = (streamId: string, expectedVersion: number | 'no_stream', events: DomainEvent[]) =>
    opened.store.appendMany([{ streamId, expectedVersion, events: toEventsToAppend(events, { ...context, idempotencyKey: `k-${n++}` }, streamId) }]);
  const inForce = async () => (await runUnitOfWork(opened.store, context, (uow) => loadProtocolInForce(uow))).result;

  beforeAll(async () => {
    opened = await openEventStore({ kind: 'pglite' });
  });
  afterAll(async () => opened.store.close());

  it('never decides under the version it guessed when the registry names another', async () => {
    await append(protocolStreamId('2026-1'), 'no_stream', [{ type: 'ProtocolBootstrapped', data: { version: '2026-1', title: 'First', rules: DEMO_PROTOCOL_RULES } }]);
    await append(PROTOCOL_REGISTRY_STREAM, 'no_stream', [{ type: 'ProtocolPutInForce', data: { version: '2026-1', previousVersion: null } }]);
    expect((await inForce()).version).toBe('2026-1');

    // Another process puts 2026-2 in force: this process still guesses 2026-1.
    const stricter = { ...DEMO_PROTOCOL_RULES, capPerRequestCents: 10_000 };
    await append(protocolStreamId('2026-2'), 'no_stream', [{ type: 'ProtocolBootstrapped', data: { version: '2026-2', title: 'Second', rules: stricter } }]);
    await append(PROTOCOL_REGISTRY_STREAM, 1, [{ type: 'ProtocolPutInForce', data: { version: '2026-2', previousVersion: '2026-1' } }]);
    await append(protocolStreamId('2026-1'), 1, [{ type: 'ProtocolSuperseded', data: { supersededBy: '2026-2' } }]);

    const after = await inForce();
    expect(after.version).toBe('2026-2');
    expect(after.rules).toEqual(stricter);
    // And the next command guesses the new version and gets it.
    expect((await inForce()).version).toBe('2026-2');
  });
});
