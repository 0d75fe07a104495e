import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { runUnitOfWork, type EventStore } from '@fund/event-sourcing';
import { EVENT_STORE } from '@fund/platform';
import { protocolDecider } from '../protocol.decider';
import { protocolPlan } from '../protocol.plan';
import { protocolRegistryDecider } from '../protocol-registry.decider';
import { PROTOCOL_REGISTRY_STREAM, protocolStreamId } from '../protocol-streams';
import type { ProtocolWriteResult } from '../protocol-view';
import { CastProtocolVoteCommand } from './cast-protocol-vote.command';

/** The deciding vote puts the version in force in the same append (`protocolPlan`). */
@CommandHandler(CastProtocolVoteCommand)
export class CastProtocolVoteHandler implements ICommandHandler<CastProtocolVoteCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ version, vote, context, expectedVersion, foresight }: CastProtocolVoteCommand): Promise<ProtocolWriteResult> {
    const streamId = protocolStreamId(version);
    const { userId: memberId, organizationId } = context.actor;
    const { result, versionOf } = await runUnitOfWork(
      this.store,
      context,
      async (uow) => {
        const decision = await uow.decide(streamId, protocolDecider, { type: 'CastProtocolVote', data: { memberId, organizationId, vote, foresight } });
        const { state: registry } = await uow.load(PROTOCOL_REGISTRY_STREAM, protocolRegistryDecider);
        await uow.follow(protocolPlan({ ...decision, registry }));
        return decision.state.status;
      },
      expectedVersion === undefined ? {} : { expected: { streamId, version: expectedVersion } },
    );
    return { version, status: result, streamVersion: versionOf(streamId) };
  }
}
