import { DomainError, type Decider } from '@fund/event-sourcing';
import { chooseFund, PAYMENT_REFERENCE_PATTERNS, type FundChoice, type PayeeState, type PaymentReference } from '@fund/funds';
import type { StockKind } from '@fund/inventory';
import { assertIssuedTo, assertRegistered, assertWithinTwelveMonthCap, overdueReceipts } from '@fund/organizations';
import type {
  AttestLostReceipt,
  CastRequestVote,
  FundRequestCommand,
  MoneyPayment,
  RecordDisbursement,
  ReceiptDocumentFacts,
  RecordGrantCloseOut,
  RecordReceipt,
  RequestRules,
  StockPayment,
  SubmitFundRequest,
} from './fund-request.commands';
import type { FundRequestEvent, FundRequestSubmitted } from './fund-request.events';
import type { PaymentMethod } from './vocabulary';

type Facts = FundRequestSubmitted['data'];

interface Vote {
  readonly memberId: string;
  readonly organizationId: string;
  readonly vote: 'approve' | 'deny' | 'recuse';
  readonly amountCents: number | null;
}

interface Approval {
  readonly amountCents: number;
  readonly fundId: string;
  readonly approverIds: readonly string[];
  readonly expedited: boolean;
  readonly ratified: boolean;
  /** ISO instant of the decision (the event's `decidedAt`). */
  readonly decidedAt: string;
  /** How the fund was chosen; absent on approvals decided before it was recorded. */
  readonly fundChoice?: FundChoice;
  /** The requesting agency's kind and county as weighed at approval, when recorded. */
  readonly agency?: { readonly providerType: string; readonly county: string };
}

interface Disbursement {
  readonly source: 'money' | 'stock';
  readonly amountCents: number;
  readonly fundId: string | null;
  readonly receiptDueOn: string | null;
  readonly voided: boolean;
  readonly receipt: 'none' | 'recorded' | 'lost_attested';
}

type PendingStatus = 'submitted' | 'info_requested';
type EndedStatus = 'denied' | 'withdrawn' | 'expired';

interface Base {
  readonly facts: Facts;
  readonly votes: readonly Vote[];
  readonly narrativeShredded?: boolean;
}
export type FundRequestState =
  | { readonly status: 'none' }
  | (Base & { readonly status: PendingStatus })
  | (Base & {
      readonly status: 'approved' | 'disbursed' | 'closed';
      readonly approval: Approval;
      readonly disbursements: Readonly<Record<string, Disbursement>>;
    })
  | (Base & { readonly status: EndedStatus; readonly approval: Approval | null });

export type FundRequestStatus = FundRequestState['status'];

const DAY_MS = 24 * 3600 * 1000;
export const isoDate = (d: Date) => d.toISOString().slice(0, 10);
export const addDays = (d: Date, days: number) => new Date(d.getTime() + days * DAY_MS);

export function approvalsRequiredFor(rules: Pick<RequestRules, 'approvalTiers'>, amountCents: number): number {
  const tier = rules.approvalTiers.find((t) => t.upToCents === null || amountCents <= t.upToCents);
  return tier?.approvalsRequired ?? rules.approvalTiers.at(-1)?.approvalsRequired ?? 1;
}

export function disbursedCents(state: FundRequestState): number {
  if (!('disbursements' in state)) return 0;
  return Object.values(state.disbursements)
    .filter((d) => !d.voided)
    .reduce((sum, d) => sum + d.amountCents, 0);
}

export function outstandingReceipts(state: FundRequestState): string[] {
  if (!('disbursements' in state)) return [];
  return Object.entries(state.disbursements)
    .filter(([, d]) => !d.voided && d.receiptDueOn !== null && d.receipt === 'none')
    .map(([id]) => id);
}

/** Money still reserved for this request in its fund. */
export function reservedCents(state: FundRequestState): number {
  if (state.status !== 'approved' && state.status !== 'disbursed') return 0;
  return state.approval.amountCents - disbursedCents(state);
}

function refuse(code: string, message: string, details: Record<string, unknown> = {}, kind: 'rule' | 'forbidden' | 'not_found' | 'conflict' = 'rule'): never {
  throw new DomainError(code, message, details, kind);
}

function notFound(): never {
  return refuse('FUND_REQUEST.NOT_FOUND', 'No such fund request', {}, 'not_found');
}

function exists(state: FundRequestState): Exclude<FundRequestState, { status: 'none' }> {
  if (state.status === 'none') notFound();
  return state;
}

function pending(state: FundRequestState, action: string): Base & { status: PendingStatus } {
  const s = exists(state);
  if (s.status !== 'submitted' && s.status !== 'info_requested') {
    refuse('FUND_REQUEST.WRONG_STATUS', `A ${s.status} request cannot be ${action}`, { status: s.status });
  }
  return s;
}

/**
 * Another organization's request answers exactly as a missing one (same status, code and
 * message), checked before anything about its state: an advocate learns nothing of requests
 * that are not theirs, not even that they exist.
 */
function ownOrganization(state: Exclude<FundRequestState, { status: 'none' }>, organizationId: string | null): void {
  if (organizationId !== null && organizationId !== state.facts.organizationId) notFound();
}

function decideSubmit({ data: command }: SubmitFundRequest, state: FundRequestState): FundRequestEvent[] {
  // Who may ask comes first: an unregistered agency or someone else's reference learns nothing more.
  assertRegistered(command.organization);
  assertIssuedTo(command.survivor, command.organizationId);
  if (state.status !== 'none') refuse('FUND_REQUEST.ALREADY_EXISTS', 'This request was already submitted', {}, 'conflict');
  const { rules } = command;
  if (!rules.eligibleCategories.includes(command.category)) {
    refuse('FUND_REQUEST.INELIGIBLE_CATEGORY', `The protocol does not fund the category ${command.category}`, {
      field: 'category',
      eligibleCategories: rules.eligibleCategories,
    });
  }
  if (command.amountCents > rules.capPerRequestCents) {
    refuse('FUND_REQUEST.OVER_REQUEST_CAP', 'The amount is above the cap per request', {
      field: 'amountCents',
      capCents: rules.capPerRequestCents,
      requestedCents: command.amountCents,
    });
  }
  assertWithinTwelveMonthCap(command.survivor, { now: command.now, capCents: rules.capPerSurvivorPer12MonthsCents, requestedCents: command.amountCents, field: 'amountCents' });
  const overdue = overdueReceipts(command.organization, command.now).length;
  if (overdue > 0 && rules.overdueReceiptConsequence === 'block_new_requests') {
    refuse('FUND_REQUEST.RECEIPTS_OVERDUE', 'Your organization has overdue receipts; record them or attest they are lost before submitting new requests', {
      overdueReceipts: overdue,
    });
  }
  const today = isoDate(command.now);
  if (command.neededBy < today) {
    refuse('FUND_REQUEST.NEEDED_BY_IN_PAST', 'neededBy must be today or later', { field: 'neededBy', today }, 'rule');
  }
  const expedited = command.urgency === 'emergency' && rules.expedited.enabled && command.amountCents <= rules.expedited.capCents;
  return [
    {
      type: 'FundRequestSubmitted',
      data: {
        requestId: command.requestId,
        organizationId: command.organizationId,
        submitterId: command.submitterId,
        survivorReference: command.survivorReference,
        category: command.category,
        amountCents: command.amountCents,
        paymentMethod: command.paymentMethod,
        urgency: command.urgency,
        neededBy: command.neededBy,
        demographics: command.demographics,
        hasNarrative: command.hasNarrative,
        expedited,
        submittedAt: command.now.toISOString(),
      },
    },
  ];
}

function decideVote({ data: command }: CastRequestVote, state: FundRequestState): FundRequestEvent[] {
  const s = pending(state, 'voted on');
  if (command.memberId === s.facts.submitterId) refuse('FUND_REQUEST.SUBMITTER_CANNOT_VOTE', 'The submitter of a request never votes on it');
  if (command.organizationId === s.facts.organizationId) {
    refuse('FUND_REQUEST.OWN_ORGANIZATION', "Council members do not vote on their own organization's requests");
  }
  if (s.votes.some((v) => v.memberId === command.memberId)) refuse('FUND_REQUEST.ALREADY_VOTED', 'You already voted on this request', {}, 'conflict');

  if (command.vote === 'approve') {
    if (command.amountCents === null) refuse('FUND_REQUEST.APPROVAL_AMOUNT_REQUIRED', 'An approval names the amount approved', { field: 'amountCents' });
    if (command.amountCents > s.facts.amountCents) {
      refuse('FUND_REQUEST.APPROVAL_ABOVE_REQUEST', 'An approval cannot exceed the amount requested', { field: 'amountCents', requestedCents: s.facts.amountCents });
    }
  }
  if (command.vote === 'deny' && command.reasonCode === null) refuse('FUND_REQUEST.DENIAL_REASON_REQUIRED', 'A denial names a reason code', { field: 'reasonCode' });

  const cast: FundRequestEvent = {
    type: 'RequestVoteCast',
    data: {
      memberId: command.memberId,
      organizationId: command.organizationId,
      vote: command.vote,
      amountCents: command.vote === 'approve' ? command.amountCents : null,
      reasonCode: command.vote === 'deny' ? command.reasonCode : null,
    },
  };
  const votes = [...s.votes, { memberId: command.memberId, organizationId: command.organizationId, vote: command.vote, amountCents: command.amountCents }];
  // The expedited path: one on-call approval decides, the council ratifies later.
  const required = s.facts.expedited ? 1 : approvalsRequiredFor(command.rules, s.facts.amountCents);
  const approvals = votes.filter((v) => v.vote === 'approve');
  const denials = votes.filter((v) => v.vote === 'deny');
  const decidedAt = command.now.toISOString();
  if (command.vote === 'approve' && approvals.length >= required) {
    // Several approvers may each approve less than asked: the smallest amount binds.
    const amountCents = Math.min(...approvals.map((v) => v.amountCents ?? s.facts.amountCents));
    const { fundId, choice } = fundOfApproval(command, s.facts, amountCents);
    return [
      cast,
      {
        type: 'FundRequestApproved',
        data: {
          amountCents,
          fundId,
          approverIds: approvals.map((v) => v.memberId),
          expedited: s.facts.expedited,
          decidedAt,
          // Recorded only when restricted funds were weighed, so approvals decided without them read as before.
          ...(command.funds ? { fundChoice: choice, ...(command.agency ? { agency: { ...command.agency } } : {}) } : {}),
        },
      },
    ];
  }
  if (command.vote === 'deny' && denials.length >= required && command.reasonCode) {
    return [cast, { type: 'FundRequestDenied', data: { reasonCode: command.reasonCode, decidedAt } }];
  }
  return [cast];
}

/**
 * The fund an approval draws from: the one named on the vote (whose own decider then refuses,
 * naming the rule, a charge its grant does not allow), else `chooseFund`'s rule over the
 * restricted funds weighed with it, else the protocol's default.
 */
/**
 * The request's side of a grant's close-out: its reservation sat in the closing fund and was
 * exactly what that fund held, so the request and the fund never disagree about where it waits.
 */
function decideGrantCloseOut({ data }: RecordGrantCloseOut, state: FundRequestState): FundRequestEvent[] {
  const s = exists(state);
  if (s.status !== 'approved' && s.status !== 'disbursed') refuse('FUND_REQUEST.WRONG_STATUS', `A ${s.status} request holds no reservation`, { status: s.status });
  if (s.approval.fundId !== data.fromFundId) refuse('FUND_REQUEST.NOT_ON_FUND', 'This request is not charged to that fund', { fundId: data.fromFundId });
  const held = reservedCents(s);
  if (held !== data.amountCents) refuse('FUND_REQUEST.RESERVATION_MISMATCH', `This request holds ${held} cents, not ${data.amountCents}`, { reservedCents: held });
  const at = data.now.toISOString();
  if (data.action === 'move') return [{ type: 'ReservationMovedToFund', data: { fromFundId: data.fromFundId, toFundId: data.toFundId, amountCents: held, movedAt: at } }];
  return [{ type: 'GrantCommitmentReleased', data: { fundId: data.fromFundId, releasedCents: held, releasedAt: at } }];
}

function fundOfApproval(command: CastRequestVote['data'], facts: Facts, amountCents: number): { fundId: string; choice: FundChoice } {
  if (command.fundId) return { fundId: command.fundId, choice: 'named' };
  const charge = { category: facts.category, paymentMethod: facts.paymentMethod, on: isoDate(command.now), ...(command.agency ?? {}) };
  return chooseFund(command.funds ?? [], { requestId: facts.requestId, amountCents, charge }, command.rules.defaultFundId);
}

const PAYMENT_METHOD_OF_STOCK: Readonly<Record<StockKind, PaymentMethod>> = {
  gift_card: 'gift_card',
  bus_pass: 'bus_pass',
  phone_card: 'phone_card',
  goods: 'donated_goods',
};

interface PricedPayment extends Omit<MoneyPayment, 'source' | 'paidOn' | 'payee' | 'paymentReference'> {
  readonly source: 'money' | 'stock';
  readonly paidOn: string | null;
  readonly payee: { readonly payeeId: string; readonly state: PayeeState } | null;
  readonly paymentReference: PaymentReference | null;
  readonly itemId: string | null;
  readonly quantity: number | null;
  readonly serials: readonly string[] | null;
}

/**
 * What a payment is worth and how it is paid: money as the coordinator states it; stock at its
 * item's unit value times the units handed over, paid as the item's kind. The one place stock
 * is priced.
 */
export function pricePayment(payment: MoneyPayment | StockPayment): PricedPayment {
  if (payment.source === 'money') {
    return { ...payment, paidOn: payment.paidOn ?? null, payee: payment.payee ?? null, paymentReference: payment.paymentReference ?? null, itemId: null, quantity: null, serials: null };
  }
  const { stock, itemId, quantity, serials } = payment;
  if (stock.status !== 'tracked') throw new DomainError('INVENTORY.NOT_FOUND', 'No stock item with this id', { field: 'itemId' }, 'rule');
  return {
    source: 'stock',
    amountCents: stock.unitValueCents * quantity,
    paymentMethod: PAYMENT_METHOD_OF_STOCK[stock.kind],
    giftCardFaceValueCents: stock.kind === 'gift_card' ? stock.unitValueCents : null,
    paidOn: null,
    payee: null,
    paymentReference: null,
    itemId,
    quantity,
    serials,
  };
}

function decideDisbursement({ data }: RecordDisbursement, state: FundRequestState): FundRequestEvent[] {
  // Priced before anything else: an unknown item is the first thing the coordinator hears about.
  const command = { ...data, ...pricePayment(data.payment) };
  const s = exists(state);
  if (s.status !== 'approved' && s.status !== 'disbursed') {
    refuse('FUND_REQUEST.WRONG_STATUS', `A ${s.status} request cannot be paid`, { status: s.status });
  }
  if (s.approval.approverIds.includes(command.disbursedBy)) {
    refuse('FUND_REQUEST.APPROVER_CANNOT_DISBURSE', 'Whoever approved a request does not pay it out');
  }
  if (s.disbursements[command.disbursementId]) refuse('FUND_REQUEST.DISBURSEMENT_EXISTS', 'This disbursement was already recorded', {}, 'conflict');
  const alreadyCents = disbursedCents(s);
  const remainingCents = s.approval.amountCents - alreadyCents;
  if (command.amountCents > remainingCents) {
    refuse('FUND_REQUEST.OVER_APPROVED_AMOUNT', 'This would pay out more than was approved', {
      approvedCents: s.approval.amountCents,
      disbursedCents: alreadyCents,
      remainingCents,
      requestedCents: command.amountCents,
    });
  }
  if (command.paymentMethod === 'gift_card') {
    const face = command.giftCardFaceValueCents;
    if (face === null) refuse('FUND_REQUEST.GIFT_CARD_FACE_VALUE_REQUIRED', 'Gift card payments state the face value of each card', { field: 'giftCardFaceValueCents' });
    if (face > command.rules.giftCardFaceValueLimitCents) {
      refuse('FUND_REQUEST.GIFT_CARD_OVER_FACE_VALUE', 'A gift card above the face value limit cannot be given', {
        field: 'giftCardFaceValueCents',
        limitCents: command.rules.giftCardFaceValueLimitCents,
        faceValueCents: face,
      });
    }
  }
  if (command.paidOn !== null) requirePaidOnWithinApproval(command.paidOn, s.approval.decidedAt, command.now);
  requirePayeeAndReference(command.payee, command.paymentReference, command.paymentMethod);
  // Money spent at a vendor or on cards needs a receipt; donated stock handed over does not.
  const receiptDueOn = command.source === 'money' ? isoDate(addDays(command.now, command.rules.receiptDeadlineDays)) : null;
  return [
    {
      type: 'DisbursementRecorded',
      data: {
        disbursementId: command.disbursementId,
        disbursedBy: command.disbursedBy,
        source: command.source,
        amountCents: command.amountCents,
        paymentMethod: command.paymentMethod,
        // Money always comes out of the fund the approval reserved it in.
        fundId: command.source === 'money' ? s.approval.fundId : null,
        itemId: command.itemId,
        quantity: command.quantity,
        serials: command.serials ? [...command.serials] : null,
        receiptDueOn,
        disbursedAt: command.now.toISOString(),
        ...(command.paidOn !== null ? { paidOn: command.paidOn } : {}),
        ...(command.payee ? { payeeId: command.payee.payeeId } : {}),
        ...(command.paymentReference ? { paymentReference: { ...command.paymentReference } } : {}),
      },
    },
  ];
}

/**
 * Cut-off: the day money moved can be neither after the day it is recorded (a payment not yet
 * made is not a payment) nor before the approval (money paid before the decision is a finding).
 */
function requirePaidOnWithinApproval(paidOn: string, decidedAt: string, now: Date): void {
  if (paidOn > isoDate(now)) refuse('FUND_REQUEST.PAID_ON_IN_FUTURE', 'A payment cannot be dated after today', { field: 'paidOn', today: isoDate(now) });
  const approvedOn = decidedAt.slice(0, 10);
  if (paidOn < approvedOn) refuse('FUND_REQUEST.PAID_BEFORE_APPROVAL', 'A payment cannot be dated before the request was approved', { field: 'paidOn', approvedOn });
}

/** Which references can name a payment made this way: a gift card is found by its last four digits or the purchase invoice. */
const REFERENCE_KINDS_BY_METHOD: Partial<Record<PaymentMethod, readonly PaymentReference['kind'][]>> = {
  vendor_payment: ['check_number', 'ach_trace', 'card_last_four', 'vendor_invoice'],
  gift_card: ['card_last_four', 'vendor_invoice'],
};

/**
 * A payment to a payee names it and states how to find it, or neither (payments recorded
 * before the register): a payee is one the register holds, and a reference has the shape of its
 * kind and fits the way the money was paid.
 */
function requirePayeeAndReference(payee: PricedPayment['payee'], reference: PaymentReference | null, method: PaymentMethod): void {
  if (!payee && !reference) return;
  if (!payee) refuse('FUND_REQUEST.PAYEE_REQUIRED', 'A payment reference names the payee it was paid to', { field: 'payeeId' });
  if (payee.state.status !== 'registered') refuse('FUND_REQUEST.PAYEE_NOT_REGISTERED', 'Register the payee before paying it', { field: 'payeeId' });
  if (!reference) refuse('FUND_REQUEST.PAYMENT_REFERENCE_REQUIRED', 'A payment to a payee states its check number, ACH trace, card last four or invoice number', { field: 'paymentReference' });
  const kinds = REFERENCE_KINDS_BY_METHOD[method] ?? [];
  if (!kinds.includes(reference.kind)) {
    refuse('FUND_REQUEST.PAYMENT_REFERENCE_KIND_MISMATCH', `A ${method.replace(/_/g, ' ')} is not found by a ${reference.kind.replace(/_/g, ' ')}`, { field: 'paymentReference.kind', allowed: kinds });
  }
  if (!PAYMENT_REFERENCE_PATTERNS[reference.kind].test(reference.value)) {
    refuse('FUND_REQUEST.PAYMENT_REFERENCE_INVALID', `This is not a ${reference.kind.replace(/_/g, ' ')}`, { field: 'paymentReference.value', kind: reference.kind });
  }
}

function disbursementOf(state: FundRequestState, disbursementId: string): Disbursement {
  const s = exists(state);
  const d = 'disbursements' in s ? s.disbursements[disbursementId] : undefined;
  if (!d || d.voided) refuse('FUND_REQUEST.UNKNOWN_DISBURSEMENT', 'No such disbursement on this request', { disbursementId }, 'not_found');
  return d;
}

/** A receipt's document is a receipt or invoice of this request, for this payment or for none in particular. */
function receiptDocument(state: FundRequestState, disbursementId: string, found: ReceiptDocumentFacts | null): void {
  const s = exists(state);
  if (!found || found.requestId !== s.facts.requestId) refuse('FUND_REQUEST.UNKNOWN_DOCUMENT', 'No such document on this request', { field: 'documentId' }, 'not_found');
  if (found.kind === 'quote') refuse('FUND_REQUEST.DOCUMENT_NOT_A_RECEIPT', 'A quote is not a receipt: attach the receipt or invoice', { field: 'documentId', allowed: ['receipt', 'invoice'] });
  if (found.disbursementId !== null && found.disbursementId !== disbursementId) {
    refuse('FUND_REQUEST.DOCUMENT_OF_ANOTHER_PAYMENT', 'This document was attached to another payment of the request', { field: 'documentId' });
  }
}

function decideReceipt(command: RecordReceipt | AttestLostReceipt, state: FundRequestState): FundRequestEvent[] {
  const { data } = command;
  ownOrganization(exists(state), data.organizationId);
  const d = disbursementOf(state, data.disbursementId);
  if (d.receiptDueOn === null) refuse('FUND_REQUEST.NO_RECEIPT_NEEDED', 'Stock handed over needs no receipt');
  if (d.receipt !== 'none') refuse('FUND_REQUEST.RECEIPT_ALREADY_SETTLED', 'The receipt for this disbursement is already settled', {}, 'conflict');
  if (command.type === 'RecordReceipt') {
    const { document } = command.data;
    if (document) receiptDocument(state, command.data.disbursementId, document.found);
    return [
      {
        type: 'ReceiptRecorded',
        data: { disbursementId: command.data.disbursementId, receiptId: command.data.receiptId, amountCents: command.data.amountCents, ...(document ? { documentId: document.documentId } : {}) },
      },
    ];
  }
  return [{ type: 'LostReceiptAttested', data: { disbursementId: command.data.disbursementId, reasonCode: command.data.reasonCode, attestedBy: command.data.attestedBy } }];
}

export const fundRequestDecider: Decider<FundRequestState, FundRequestCommand, FundRequestEvent> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    if (event.type === 'FundRequestSubmitted') return { status: 'submitted', facts: event.data, votes: [] };
    if (state.status === 'none') return state;
    switch (event.type) {
      case 'MoreInformationRequested':
        return state.status === 'submitted' ? { ...state, status: 'info_requested' } : state;
      case 'InformationProvided':
        return state.status === 'info_requested' ? { ...state, status: 'submitted' } : state;
      case 'RequestVoteCast':
        return { ...state, votes: [...state.votes, event.data] };
      case 'FundRequestApproved':
        return {
          status: 'approved',
          facts: state.facts,
          votes: state.votes,
          approval: { ...event.data, ratified: !event.data.expedited },
          disbursements: {},
        };
      case 'ExpeditedApprovalRatified':
        return 'approval' in state && state.approval ? ({ ...state, approval: { ...state.approval, ratified: true } } as FundRequestState) : state;
      case 'FundRequestDenied':
        return { status: 'denied', facts: state.facts, votes: state.votes, approval: null };
      case 'FundRequestWithdrawn':
      case 'FundRequestExpired':
        return {
          status: event.type === 'FundRequestWithdrawn' ? 'withdrawn' : 'expired',
          facts: state.facts,
          votes: state.votes,
          approval: 'approval' in state ? state.approval : null,
        };
      case 'DisbursementRecorded':
        if (state.status !== 'approved' && state.status !== 'disbursed') return state;
        return {
          ...state,
          status: 'disbursed',
          disbursements: {
            ...state.disbursements,
            [event.data.disbursementId]: {
              source: event.data.source,
              amountCents: event.data.amountCents,
              fundId: event.data.fundId,
              receiptDueOn: event.data.receiptDueOn,
              voided: false,
              receipt: 'none',
            },
          },
        };
      case 'RequestDisbursementVoided':
      case 'ReceiptRecorded':
      case 'LostReceiptAttested': {
        if (!('disbursements' in state)) return state;
        const d = state.disbursements[event.data.disbursementId];
        if (!d) return state;
        const next: Disbursement =
          event.type === 'RequestDisbursementVoided'
            ? { ...d, voided: true }
            : { ...d, receipt: event.type === 'ReceiptRecorded' ? 'recorded' : 'lost_attested' };
        return { ...state, disbursements: { ...state.disbursements, [event.data.disbursementId]: next } };
      }
      case 'FundRequestClosed':
        return 'disbursements' in state ? { ...state, status: 'closed' } : state;
      case 'ReservationMovedToFund':
        return 'disbursements' in state ? { ...state, approval: { ...state.approval, fundId: event.data.toFundId } } : state;
      case 'GrantCommitmentReleased': {
        if (!('disbursements' in state)) return state;
        // What was paid is all there will be: the approval shrinks to it, and with nothing paid the request ends.
        const paid = disbursedCents(state);
        return { ...state, status: paid === 0 ? 'closed' : state.status, approval: { ...state.approval, amountCents: paid } };
      }
      case 'NarrativeShredded':
        return { ...state, narrativeShredded: true };
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'SubmitFundRequest':
        return decideSubmit(command, state);
      case 'RequestMoreInformation':
        if (pending(state, 'questioned').status === 'info_requested') {
          refuse('FUND_REQUEST.INFORMATION_ALREADY_REQUESTED', 'The submitter has not answered the previous question yet', {}, 'conflict');
        }
        return [{ type: 'MoreInformationRequested', data: { askedBy: command.data.askedBy, questionCode: command.data.questionCode } }];
      case 'ProvideInformation': {
        const s = exists(state);
        ownOrganization(s, command.data.organizationId);
        if (s.status !== 'info_requested') refuse('FUND_REQUEST.NO_QUESTION_OPEN', 'No question is waiting for an answer', { status: s.status });
        return [{ type: 'InformationProvided', data: { providedBy: command.data.providedBy, hasNote: command.data.hasNote } }];
      }
      case 'CastRequestVote':
        return decideVote(command, state);
      case 'RatifyExpeditedApproval': {
        const s = exists(state);
        const approval = 'approval' in s ? s.approval : null;
        if (!approval || !approval.expedited || s.status === 'denied') refuse('FUND_REQUEST.NOT_EXPEDITED', 'Only expedited approvals are ratified', { status: s.status });
        if (approval.ratified) refuse('FUND_REQUEST.ALREADY_RATIFIED', 'This expedited approval is already ratified', {}, 'conflict');
        if (approval.approverIds.includes(command.data.memberId)) refuse('FUND_REQUEST.APPROVER_CANNOT_RATIFY', 'The on-call approver does not ratify their own decision');
        if (command.data.organizationId === s.facts.organizationId) {
          refuse('FUND_REQUEST.OWN_ORGANIZATION', "Council members do not vote on their own organization's requests");
        }
        return [{ type: 'ExpeditedApprovalRatified', data: { ratifiedBy: command.data.memberId } }];
      }
      case 'WithdrawFundRequest': {
        const s = exists(state);
        ownOrganization(s, command.data.organizationId);
        const withdrawable = s.status === 'submitted' || s.status === 'info_requested' || (s.status === 'approved' && disbursedCents(s) === 0);
        if (!withdrawable) refuse('FUND_REQUEST.WRONG_STATUS', `A ${s.status} request cannot be withdrawn`, { status: s.status });
        return [{ type: 'FundRequestWithdrawn', data: { releasedCents: reservedCents(s) } }];
      }
      case 'ExpireFundRequest': {
        const s = pending(state, 'expired');
        const expiresAt = addDays(new Date(s.facts.submittedAt), command.data.rules.requestExpiryDays);
        if (command.data.now < expiresAt) refuse('FUND_REQUEST.NOT_YET_EXPIRED', 'This request is still within its decision window', { expiresAt: expiresAt.toISOString() });
        return [{ type: 'FundRequestExpired', data: { releasedCents: 0 } }];
      }
      case 'RecordDisbursement':
        return decideDisbursement(command, state);
      case 'VoidRequestDisbursement': {
        const d = disbursementOf(state, command.data.disbursementId);
        if (d.source !== 'money') refuse('FUND_REQUEST.CANNOT_VOID_STOCK', 'Stock handed over is corrected with a stock adjustment, not a void');
        if (d.receipt !== 'none') refuse('FUND_REQUEST.RECEIPT_ALREADY_SETTLED', 'A disbursement with a settled receipt cannot be voided', {}, 'conflict');
        if (exists(state).status === 'closed') refuse('FUND_REQUEST.WRONG_STATUS', 'A closed request cannot be changed', { status: 'closed' });
        return [{ type: 'RequestDisbursementVoided', data: { disbursementId: command.data.disbursementId, amountCents: d.amountCents } }];
      }
      case 'RecordReceipt':
      case 'AttestLostReceipt':
        return decideReceipt(command, state);
      case 'RecordNarrativeShredded': {
        const s = exists(state);
        return s.narrativeShredded ? [] : [{ type: 'NarrativeShredded', data: { reason: command.data.reason } }];
      }
      case 'RecordGrantCloseOut':
        return decideGrantCloseOut(command, state);
      case 'CloseFundRequest': {
        const s = exists(state);
        if (s.status !== 'approved' && s.status !== 'disbursed') refuse('FUND_REQUEST.WRONG_STATUS', `A ${s.status} request cannot be closed`, { status: s.status });
        const outstanding = outstandingReceipts(s);
        if (outstanding.length > 0) {
          refuse('FUND_REQUEST.RECEIPTS_OUTSTANDING', 'Record or attest every receipt before closing', { outstandingReceipts: outstanding.length });
        }
        return [{ type: 'FundRequestClosed', data: { releasedCents: reservedCents(s), closedAt: command.data.now.toISOString() } }];
      }
    }
  },
};
