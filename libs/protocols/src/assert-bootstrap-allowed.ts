import { asArray, type UnitOfWork } from '@fund/event-sourcing';
import { protocolDecider } from './protocol.decider';
import { protocolRegistryDecider, type PutProtocolInForce } from './protocol-registry.decider';
import { PROTOCOL_REGISTRY_STREAM, protocolStreamId } from './protocol-streams';

/**
 * The registry's half of adopting or bootstrapping a version, in the caller's unit of work:
 * the registry moves to `version` and the version it replaces is marked superseded, in the
 * same append as the version's own event.
 */
export async function putProtocolInForce(uow: UnitOfWork, version: string, via: PutProtocolInForce['via']): Promise<void> {
  const registry = await uow.load(PROTOCOL_REGISTRY_STREAM, protocolRegistryDecider);
  const events = asArray(protocolRegistryDecider.decide({ type: 'PutProtocolInForce', version, via }, registry.state));
  uow.record(PROTOCOL_REGISTRY_STREAM, events);
  for (const { data } of events) {
    if (data.previousVersion !== null) {
      await uow.decide(protocolStreamId(data.previousVersion), protocolDecider, { type: 'SupersedeProtocol', supersededBy: version });
    }
  }
}

/**
 * Bootstrap refuses on the registry before looking at the version, so a second bootstrap is
 * told "already bootstrapped" even when it reuses the first version's name.
 */
export async function assertBootstrapAllowed(uow: UnitOfWork, version: string): Promise<void> {
  const registry = await uow.load(PROTOCOL_REGISTRY_STREAM, protocolRegistryDecider);
  protocolRegistryDecider.decide({ type: 'PutProtocolInForce', version, via: 'bootstrap' }, registry.state);
}
