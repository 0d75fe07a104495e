import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { runUnitOfWork, type EventStore } from '@fund/event-sourcing';
import { EVENT_STORE } from '@fund/platform';
import { protocolDecider } from '../protocol.decider';
import { protocolStreamId } from '../protocol-streams';
import type { ProtocolWriteResult } from '../protocol-view';
import { putProtocolInForce } from '../put-protocol-in-force';
import { CastProtocolVoteCommand } from './cast-protocol-vote.command';

@CommandHandler(CastProtocolVoteCommand)
export class CastProtocolVoteHandler implements ICommandHandler<CastProtocolVoteCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ version, vote, context, expectedVersion }: CastProtocolVoteCommand): Promise<ProtocolWriteResult> {
    const streamId = protocolStreamId(version);
    const { userId: memberId, organizationId } = context.actor;
    const { result, versionOf } = await runUnitOfWork(
      this.store,
      context,
      async (uow) => {
        const { state, events } = await uow.decide(streamId, protocolDecider, { type: 'CastProtocolVote', memberId, organizationId, vote });
        // The deciding vote puts the version in force in the same append: there is never a
        // moment where it is adopted but the old rules still apply, or the other way round.
        if (events.some((e) => e.type === 'ProtocolAdopted')) await putProtocolInForce(uow, version, 'adoption');
        return state.status;
      },
      expectedVersion === undefined ? {} : { expected: { streamId, version: expectedVersion } },
    );
    return { version, status: result, streamVersion: versionOf(streamId) };
  }
}
