import { DomainError, type Decider } from '@fund/event-sourcing';
import type { ProtocolRegistryEvent } from './protocol.events';

/**
 * `bootstrap`: the first version, only while none was ever in force. `adoption`: a version the
 * council voted in, replacing the one in force.
 */
export type PutProtocolInForce = { readonly type: 'PutProtocolInForce'; readonly data: { readonly version: string; readonly via: 'bootstrap' | 'adoption' } };

export type ProtocolRegistryCommand = PutProtocolInForce;

// Nothing takes a version out of force except the next one, so "none" also means "never".
export type ProtocolRegistryState = { readonly status: 'none' } | { readonly status: 'in_force'; readonly version: string };

function putInForce({ data: command }: PutProtocolInForce, state: ProtocolRegistryState): ProtocolRegistryEvent[] {
  if (command.via === 'bootstrap' && state.status !== 'none') {
    throw new DomainError(
      'PROTOCOL.ALREADY_BOOTSTRAPPED',
      'A protocol has been in force already; new versions are adopted by council vote',
      { versionInForce: state.version },
    );
  }
  const previousVersion = state.status === 'in_force' ? state.version : null;
  if (previousVersion === command.version) {
    throw new DomainError('PROTOCOL.ALREADY_IN_FORCE', 'This version is already in force', { version: command.version });
  }
  return [{ type: 'ProtocolPutInForce', data: { version: command.version, previousVersion } }];
}

/** Stream `protocol-registry`: which protocol version is in force. */
export const protocolRegistryDecider: Decider<ProtocolRegistryState, ProtocolRegistryCommand, ProtocolRegistryEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve: (_state, event) => ({ status: 'in_force', version: event.data.version }),
  decide: (command, state) => putInForce(command, state),
};
