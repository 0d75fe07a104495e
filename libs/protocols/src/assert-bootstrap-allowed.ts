import type { UnitOfWork } from '@fund/event-sourcing';
import { protocolRegistryDecider } from './protocol-registry.decider';
import { PROTOCOL_REGISTRY_STREAM } from './protocol-streams';

/**
 * Bootstrap refuses on the registry before looking at the version, so a second bootstrap is
 * told "already bootstrapped" even when it reuses the first version's name.
 */
export async function assertBootstrapAllowed(uow: UnitOfWork, version: string): Promise<void> {
  const registry = await uow.load(PROTOCOL_REGISTRY_STREAM, protocolRegistryDecider);
  protocolRegistryDecider.decide({ type: 'PutProtocolInForce', data: { version, via: 'bootstrap' } }, registry.state);
}
