import { DomainError, type UnitOfWork } from '@fund/event-sourcing';
import { protocolDecider } from './protocol.decider';
import { protocolRegistryDecider } from './protocol-registry.decider';
import type { ProtocolRules } from './protocol-rules';
import { PROTOCOL_REGISTRY_STREAM, protocolStreamId } from './protocol-streams';

export interface ProtocolInForce {
  readonly version: string;
  readonly rules: ProtocolRules;
}

/**
 * The rules a decision is made under, read inside the caller's unit of work so the decision
 * and the rules it used come from the same moment.
 */
export function noProtocolInForce(): DomainError {
  return new DomainError('PROTOCOL.NONE_IN_FORCE', 'No protocol is in force yet; the coordinator bootstraps the first version', {}, 'rule');
}

export async function loadProtocolInForce(uow: UnitOfWork): Promise<ProtocolInForce> {
  const registry = await uow.load(PROTOCOL_REGISTRY_STREAM, protocolRegistryDecider);
  if (registry.state.status === 'none') throw noProtocolInForce();
  const version = registry.state.version;
  const { state } = await uow.load(protocolStreamId(version), protocolDecider);
  if (state.status !== 'adopted') {
    // The registry and the version stream are written in one append, so this is a broken store.
    throw new Error(`Protocol ${version} is in force in the registry but its stream says ${state.status}`);
  }
  return { version, rules: state.rules };
}
