import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { handleCommand, type EventStore } from '@fund/event-sourcing';
import { EVENT_STORE } from '@fund/platform';
import { protocolDecider } from '../protocol.decider';
import { protocolStreamId } from '../protocol-streams';
import type { ProtocolWriteResult } from '../protocol-view';
import { DraftProtocolCommand } from './draft-protocol.command';

@CommandHandler(DraftProtocolCommand)
export class DraftProtocolHandler implements ICommandHandler<DraftProtocolCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ version, title, rules, context }: DraftProtocolCommand): Promise<ProtocolWriteResult> {
    const result = await handleCommand(this.store, protocolStreamId(version), protocolDecider, { type: 'DraftProtocol', data: { version, title, rules } }, { context });
    return { version, status: result.newState.status, streamVersion: result.version };
  }
}
