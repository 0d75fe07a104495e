import type { Actor } from '@fund/event-sourcing';
import { disbursedCents, outstandingReceipts, reservedCents, type FundRequestState } from '../fund-request.decider';

/**
 * What a reader may see of a request. The survivor reference goes only to the submitting
 * organization (it is their file's key); council and coordinator see what the 12-month cap needs.
 */
export function toFundRequestView(state: Exclude<FundRequestState, { status: 'none' }>, version: number, actor: Actor) {
  const f = state.facts;
  const approval = 'approval' in state ? state.approval : null;
  const ownOrganization = actor.organizationId === f.organizationId && actor.role === 'provider';
  return {
    requestId: f.requestId,
    version,
    status: state.status,
    organizationId: f.organizationId,
    ...(ownOrganization ? { survivorReference: f.survivorReference } : {}),
    category: f.category,
    amountCents: f.amountCents,
    paymentMethod: f.paymentMethod,
    urgency: f.urgency,
    neededBy: f.neededBy,
    expedited: f.expedited,
    submittedAt: f.submittedAt,
    demographics: f.demographics,
    hasNarrative: f.hasNarrative,
    votes: state.votes.map((v) => ({ vote: v.vote, amountCents: v.amountCents, ...(actor.role === 'provider' ? {} : { memberId: v.memberId, organizationId: v.organizationId }) })),
    approval: approval
      ? { amountCents: approval.amountCents, fundId: approval.fundId, expedited: approval.expedited, ratified: approval.ratified }
      : null,
    disbursedCents: disbursedCents(state),
    reservedCents: reservedCents(state),
    disbursements:
      'disbursements' in state
        ? Object.entries(state.disbursements).map(([id, d]) => ({ disbursementId: id, source: d.source, amountCents: d.amountCents, receiptDueOn: d.receiptDueOn, voided: d.voided, receipt: d.receipt }))
        : [],
    receiptsOutstanding: outstandingReceipts(state).length,
  };
}
