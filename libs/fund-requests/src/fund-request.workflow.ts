import { Inject, Injectable } from '@nestjs/common';
import { loadStreamState, runUnitOfWork, type CommandContext, type EventStore, type UnitOfWork } from '@fund/event-sourcing';
import { fundDecider, fundStreamId, type ReleaseReason } from '@fund/funds';
import { organizationDecider, organizationStreamId, survivorReferenceDecider, survivorStreamId } from '@fund/organizations';
import { EVENT_STORE } from '@fund/platform';
import { loadProtocolInForce, type ProtocolInForce } from '@fund/protocols';
import { fundRequestDecider, isoDate, type FundRequestCommand, type FundRequestState } from './fund-request.decider';
import { fundRequestStreamId, type FundRequestEvent } from './fund-request.events';

export interface Decision {
  readonly uow: UnitOfWork;
  readonly protocol: ProtocolInForce;
  readonly before: FundRequestState;
  readonly after: FundRequestState;
  readonly events: readonly FundRequestEvent[];
}

export interface WorkflowResult {
  readonly requestId: string;
  /** The request stream's version after the command: the new ETag. */
  readonly version: number;
  readonly status: FundRequestState['status'];
  readonly events: readonly FundRequestEvent[];
}

/**
 * Runs one fund-request command as a unit of work: the protocol in force, the request's
 * decision, and whatever the decision means for the fund, the survivor reference's cap, stock
 * and the organization's receipts, appended atomically (or retried whole on a race).
 */
@Injectable()
export class FundRequestWorkflow {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async run(
    requestId: string,
    context: CommandContext,
    command: (protocol: ProtocolInForce, uow: UnitOfWork) => Promise<FundRequestCommand> | FundRequestCommand,
    consequences: (decision: Decision) => Promise<void> = async () => undefined,
    ifMatch?: number,
  ): Promise<WorkflowResult> {
    const streamId = fundRequestStreamId(requestId);
    const outcome = await runUnitOfWork(
      this.store,
      context,
      async (uow) => {
        const protocol = await loadProtocolInForce(uow);
        const cmd = await command(protocol, uow);
        const { before, state, events } = await uow.decide(streamId, fundRequestDecider, cmd, { protocolVersion: protocol.version });
        await consequences({ uow, protocol, before, after: state, events });
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

/** Unspent reserved money goes back to the fund; the survivor's 12-month cap stops counting it. */
export async function releaseSupport(decision: Decision, releasedCents: number, reason: ReleaseReason): Promise<void> {
  const { uow, before, protocol } = decision;
  if (releasedCents <= 0 || before.status === 'none' || !('approval' in before) || !before.approval) return;
  const requestId = before.facts.requestId;
  await uow.decide(
    fundStreamId(before.approval.fundId),
    fundDecider,
    { type: 'ReleaseReservation', data: { requestId, amountCents: releasedCents, reason } },
    { protocolVersion: protocol.version },
  );
  await uow.decide(survivorStreamId(before.facts.survivorReference), survivorReferenceDecider, { type: 'ReleaseSupport', requestId, amountCents: releasedCents });
}

export async function settleReceipt(decision: Decision, disbursementId: string): Promise<void> {
  const { uow, before } = decision;
  if (before.status === 'none') return;
  await uow.decide(organizationStreamId(before.facts.organizationId), organizationDecider, {
    type: 'SettleReceipt',
    requestId: before.facts.requestId,
    disbursementId,
  });
}

export const today = (context: CommandContext) => isoDate(context.now);
