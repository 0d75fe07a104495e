import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { handleCommand, type EventStore } from '@fund/event-sourcing';
import { EVENT_STORE } from '@fund/platform';
import { protocolDecider } from '../protocol.decider';
import { protocolStreamId } from '../protocol-streams';
import type { ProtocolWriteResult } from '../protocol-view';
import { ReviseDraftCommand } from './revise-draft.command';

@CommandHandler(ReviseDraftCommand)
export class ReviseDraftHandler implements ICommandHandler<ReviseDraftCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ version, rules, context, expectedVersion }: ReviseDraftCommand): Promise<ProtocolWriteResult> {
    const result = await handleCommand(this.store, protocolStreamId(version), protocolDecider, { type: 'ReviseDraft', data: { rules } }, { context, expectedVersion });
    return { version, status: result.newState.status, streamVersion: result.version };
  }
}
