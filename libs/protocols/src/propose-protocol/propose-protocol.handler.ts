import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { runUnitOfWork, type EventStore } from '@fund/event-sourcing';
import { EVENT_STORE } from '@fund/platform';
import { loadProtocolInForce } from '../load-protocol-in-force';
import { protocolDecider, protocolNotFound } from '../protocol.decider';
import { protocolStreamId } from '../protocol-streams';
import type { ProtocolWriteResult } from '../protocol-view';
import { ProposeProtocolCommand } from './propose-protocol.command';

@CommandHandler(ProposeProtocolCommand)
export class ProposeProtocolHandler implements ICommandHandler<ProposeProtocolCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ version, context, expectedVersion }: ProposeProtocolCommand): Promise<ProtocolWriteResult> {
    const streamId = protocolStreamId(version);
    const { result, versionOf } = await runUnitOfWork(
      this.store,
      context,
      async (uow) => {
        const { state } = await uow.load(streamId, protocolDecider);
        // An unknown version is a 404 even before any protocol is in force.
        if (state.status === 'none') throw protocolNotFound();
        // The rules in force say how many approvals adopt their successor.
        const inForce = await loadProtocolInForce(uow);
        const decision = await uow.decide(streamId, protocolDecider, { type: 'ProposeProtocol', data: { quorum: inForce.rules.protocolQuorum } }, { protocolVersion: inForce.version });
        return decision.state.status;
      },
      expectedVersion === undefined ? {} : { expected: { streamId, version: expectedVersion } },
    );
    return { version, status: result, streamVersion: versionOf(streamId) };
  }
}
