import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { runUnitOfWork, type EventStore } from '@fund/event-sourcing';
import { EVENT_STORE } from '@fund/platform';
import { assertBootstrapAllowed } from '../assert-bootstrap-allowed';
import { protocolDecider } from '../protocol.decider';
import { protocolPlan } from '../protocol.plan';
import { protocolRegistryDecider } from '../protocol-registry.decider';
import { PROTOCOL_REGISTRY_STREAM, protocolStreamId } from '../protocol-streams';
import type { ProtocolWriteResult } from '../protocol-view';
import { BootstrapProtocolCommand } from './bootstrap-protocol.command';

@CommandHandler(BootstrapProtocolCommand)
export class BootstrapProtocolHandler implements ICommandHandler<BootstrapProtocolCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ version, title, rules, context }: BootstrapProtocolCommand): Promise<ProtocolWriteResult> {
    const streamId = protocolStreamId(version);
    const { result, versionOf } = await runUnitOfWork(this.store, context, async (uow) => {
      await assertBootstrapAllowed(uow, version);
      const { state: registry } = await uow.load(PROTOCOL_REGISTRY_STREAM, protocolRegistryDecider);
      const decision = await uow.decide(streamId, protocolDecider, { type: 'BootstrapProtocol', data: { version, title, rules } });
      await uow.follow(protocolPlan({ ...decision, registry }));
      return decision.state.status;
    });
    return { version, status: result, streamVersion: versionOf(streamId) };
  }
}
