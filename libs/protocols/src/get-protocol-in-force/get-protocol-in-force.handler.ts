import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { fold, type EventStore } from '@fund/event-sourcing';
import { EVENT_STORE } from '@fund/platform';
import { noProtocolInForce } from '../load-protocol-in-force';
import type { ProtocolEvent, ProtocolRegistryEvent } from '../protocol.events';
import { protocolRegistryDecider } from '../protocol-registry.decider';
import { PROTOCOL_REGISTRY_STREAM, protocolStreamId } from '../protocol-streams';
import { protocolView } from '../protocol-view';
import { GetProtocolInForceQuery, type ProtocolInForceView } from './get-protocol-in-force.query';

@QueryHandler(GetProtocolInForceQuery)
export class GetProtocolInForceHandler implements IQueryHandler<GetProtocolInForceQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(): Promise<ProtocolInForceView> {
    const registry = await this.store.readStream<ProtocolRegistryEvent>(PROTOCOL_REGISTRY_STREAM);
    const state = fold(protocolRegistryDecider, registry.events);
    if (state.status === 'none') throw noProtocolInForce();
    const { events } = await this.store.readStream<ProtocolEvent>(protocolStreamId(state.version));
    const protocol = protocolView(events);
    if (!protocol) throw new Error(`Protocol ${state.version} is in force in the registry but its stream is empty`);
    return { protocol, registryVersion: registry.version };
  }
}
