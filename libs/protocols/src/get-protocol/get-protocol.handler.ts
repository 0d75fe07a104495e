import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { EventStore } from '@fund/event-sourcing';
import { EVENT_STORE } from '@fund/platform';
import { protocolNotFound } from '../protocol.decider';
import type { ProtocolEvent } from '../protocol.events';
import { protocolStreamId } from '../protocol-streams';
import { protocolView, type ProtocolView } from '../protocol-view';
import { GetProtocolQuery } from './get-protocol.query';

/** Read straight from the version's stream: a handful of events, always current. */
@QueryHandler(GetProtocolQuery)
export class GetProtocolHandler implements IQueryHandler<GetProtocolQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ version }: GetProtocolQuery): Promise<ProtocolView> {
    const { events } = await this.store.readStream<ProtocolEvent>(protocolStreamId(version));
    const view = protocolView(events);
    if (!view) throw protocolNotFound();
    return view;
  }
}
