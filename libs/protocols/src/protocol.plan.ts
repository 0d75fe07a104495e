import { followUp, type Decision, type Plan } from '@fund/event-sourcing';
import { protocolDecider, type ProtocolState } from './protocol.decider';
import type { ProtocolEvent } from './protocol.events';
import { protocolRegistryDecider, type ProtocolRegistryState } from './protocol-registry.decider';
import { PROTOCOL_REGISTRY_STREAM, protocolStreamId } from './protocol-streams';

export interface ProtocolDecision extends Decision<ProtocolState, ProtocolEvent> {
  /** The registry as read in the same unit of work: which version the new one replaces. */
  readonly registry: ProtocolRegistryState;
}

/**
 * A version adopted by the council's deciding vote, or bootstrapped, is put in force in the same
 * append, and the version it replaces is superseded: there is never a moment where a version is
 * adopted but the old rules still apply, or the other way round.
 */
export function protocolPlan({ before, events, registry }: ProtocolDecision): Plan {
  return events.flatMap((event): Plan => {
    if (event.type !== 'ProtocolAdopted' && event.type !== 'ProtocolBootstrapped') return [];
    const version = event.type === 'ProtocolBootstrapped' ? event.data.version : before.status === 'none' ? null : before.version;
    if (version === null) return [];
    const via = event.type === 'ProtocolBootstrapped' ? 'bootstrap' : 'adoption';
    return [
      followUp(PROTOCOL_REGISTRY_STREAM, protocolRegistryDecider, { type: 'PutProtocolInForce', data: { version, via } }),
      ...(registry.status === 'in_force' ? [followUp(protocolStreamId(registry.version), protocolDecider, { type: 'SupersedeProtocol', data: { supersededBy: version } })] : []),
    ];
  });
}
