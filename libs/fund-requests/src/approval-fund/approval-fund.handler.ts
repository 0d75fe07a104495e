import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError, UnitOfWork, type EventStore } from '@fund/event-sourcing';
import { chooseFund } from '@fund/funds';
import { EVENT_STORE } from '@fund/platform';
import { loadProtocolInForce } from '@fund/protocols';
import { fundRequestDecider, isoDate } from '../fund-request.decider';
import { fundRequestStreamId } from '../fund-request.events';
import { approvalCandidates, type LoadState } from './approval-candidates';
import { GetApprovalFundQuery } from './approval-fund.query';
import type { ApprovalFundView } from './approval-fund.view';

/**
 * The council card's "draws from": the same reads and the same `chooseFund` as the vote, in a
 * unit of work that is never committed. A preview, not a promise: the fund may move before the vote.
 */
@QueryHandler(GetApprovalFundQuery)
export class GetApprovalFundHandler implements IQueryHandler<GetApprovalFundQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ requestId, context }: GetApprovalFundQuery): Promise<ApprovalFundView> {
    const uow = new UnitOfWork(this.store, context);
    const { state } = await uow.load(fundRequestStreamId(requestId), fundRequestDecider);
    if (state.status === 'none') throw new DomainError('FUND_REQUEST.NOT_FOUND', 'No such fund request', {}, 'not_found');
    if ('approval' in state && state.approval) {
      const { fundId, amountCents, fundChoice } = state.approval;
      return { fundId, choice: fundChoice ?? 'recorded', decided: true, amountCents };
    }
    const protocol = await loadProtocolInForce(uow);
    const load: LoadState = async (streamId, decider) => (await uow.load(streamId, decider)).state;
    const { funds, agency } = await approvalCandidates(load, state);
    const { requestId: id, category, paymentMethod, amountCents } = state.facts;
    const charge = { category, paymentMethod, on: isoDate(context.now), ...(agency ?? {}) };
    const { fundId, choice } = chooseFund(funds, { requestId: id, amountCents, charge }, protocol.rules.defaultFundId);
    return { fundId, choice, decided: false, amountCents };
  }
}
