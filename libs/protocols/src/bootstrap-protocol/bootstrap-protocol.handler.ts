import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { runUnitOfWork, type EventStore } from '@fund/event-sourcing';
import { EVENT_STORE } from '@fund/platform';
import { protocolDecider } from '../protocol.decider';
import { protocolStreamId } from '../protocol-streams';
import type { ProtocolWriteResult } from '../protocol-view';
import { assertBootstrapAllowed, putProtocolInForce } from '../put-protocol-in-force';
import { BootstrapProtocolCommand } from './bootstrap-protocol.command';

@CommandHandler(BootstrapProtocolCommand)
export class BootstrapProtocolHandler implements ICommandHandler<BootstrapProtocolCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ version, title, rules, context }: BootstrapProtocolCommand): Promise<ProtocolWriteResult> {
    const streamId = protocolStreamId(version);
    const { result, versionOf } = await runUnitOfWork(this.store, context, async (uow) => {
      await assertBootstrapAllowed(uow, version);
      const { state } = await uow.decide(streamId, protocolDecider, { type: 'BootstrapProtocol', version, title, rules });
      await putProtocolInForce(uow, version, 'bootstrap');
      return state.status;
    });
    return { version, status: result, streamVersion: versionOf(streamId) };
  }
}
