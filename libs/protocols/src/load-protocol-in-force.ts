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

/**
 * The version this process last found in force. Read beside the registry, so the usual command
 * pays one round trip for both; it is a guess only: the registry read says which version is in
 * force, and a guess it contradicts is read again under the version the registry names.
 */
let lastInForce: string | undefined;

export async function loadProtocolInForce(uow: UnitOfWork): Promise<ProtocolInForce> {
  const guess = lastInForce;
  const [registry, guessed] = await Promise.all([
    uow.load(PROTOCOL_REGISTRY_STREAM, protocolRegistryDecider),
    guess === undefined ? undefined : uow.load(protocolStreamId(guess), protocolDecider),
  ]);
  if (registry.state.status === 'none') throw noProtocolInForce();
  const version = registry.state.version;
  const { state } = guessed && guess === version ? guessed : await uow.load(protocolStreamId(version), protocolDecider);
  if (state.status !== 'adopted') {
    // The registry and the version stream are written in one append, so this is a broken store.
    throw new Error(`Protocol ${version} is in force in the registry but its stream says ${state.status}`);
  }
  lastInForce = version;
  return { version, rules: state.rules };
}
