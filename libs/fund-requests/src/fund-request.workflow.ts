import { Inject, Injectable } from '@nestjs/common';
import { loadStreamState, runUnitOfWork, type CommandContext, type EventStore, type UnitOfWork } from '@fund/event-sourcing';
import { EVENT_STORE } from '@fund/platform';
import { loadProtocolInForce, type ProtocolInForce } from '@fund/protocols';
import type { FundRequestCommand } from './fund-request.commands';
import { fundRequestDecider, type FundRequestState } from './fund-request.decider';
import { fundRequestStreamId, type FundRequestEvent } from './fund-request.events';
import { fundRequestPlan } from './fund-request.plan';

export interface WorkflowResult {
  readonly requestId: string;
  /** The request stream's version after the command: the new ETag. */
  readonly version: number;
  readonly status: FundRequestState['status'];
  readonly events: readonly FundRequestEvent[];
}

/**
 * Runs one fund-request command as a unit of work: load the protocol in force, decide on the
 * request, follow the decision's plan (`fund-request.plan.ts`), append everything atomically
 * (or decide again, whole, on a race). What a decision means lives in the plan, not here.
 */
@Injectable()
export class FundRequestWorkflow {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async run(
    requestId: string,
    context: CommandContext,
    command: (protocol: ProtocolInForce, uow: UnitOfWork) => Promise<FundRequestCommand> | FundRequestCommand,
    ifMatch?: number,
    prefetch?: (uow: UnitOfWork) => readonly Promise<unknown>[],
  ): Promise<WorkflowResult> {
    const streamId = fundRequestStreamId(requestId);
    const outcome = await runUnitOfWork(
      this.store,
      context,
      async (uow) => {
        // Streams are read side by side, not one round trip after another: the protocol, the
        // request and whatever the command names up front (`prefetch`), then the plan's streams.
        // Each read is still checked by the append's expected version, as a sequential read was.
        const [protocol] = await Promise.all([loadProtocolInForce(uow), uow.load(streamId, fundRequestDecider), ...(prefetch?.(uow) ?? [])]);
        const { before, state, events } = await uow.decide(streamId, fundRequestDecider, await command(protocol, uow), { protocolVersion: protocol.version });
        const plan = fundRequestPlan({ before, events, protocol });
        const firsts = plan.filter((step, i) => plan.findIndex((s) => s.streamId === step.streamId) === i);
        await Promise.all(firsts.map((step) => uow.load(step.streamId, step.decider)));
        await uow.follow(plan);
        return { status: state.status, events };
      },
      ifMatch === undefined ? {} : { expected: { streamId, version: ifMatch } },
    );
    return { requestId, version: outcome.versionOf(streamId), status: outcome.result.status, events: outcome.result.events };
  }

  async read(requestId: string): Promise<{ version: number; state: FundRequestState }> {
    return loadStreamState(this.store, fundRequestStreamId(requestId), fundRequestDecider);
  }
}
