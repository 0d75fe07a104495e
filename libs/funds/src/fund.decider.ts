import { DomainError, type Decider } from '@fund/event-sourcing';
import type { CloseOutOutcome, FundEvent, FundRestrictions, ReleaseReason } from './fund.events';
import { budgetLineFor, paymentRefusal, purposeRefusal, restrictionsRefusal, type Charge, type PaymentCharge, type Refusal } from './fund-restrictions';
import type { PaymentReference } from './payees/payee.events';
import { EMPTY_INDEX, indexRecords, withCharge, withDisbursement, withReservation, type FundIndex } from './fund-index';

export const MIN_AMOUNT_CENTS = 1;
export const MAX_AMOUNT_CENTS = 100_000_000;
/** Funds are named by the coordinator with a short slug. */
export const FUND_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

export function fundStreamId(fundId: string): string {
  return `fund-${fundId}`;
}

export type OpenFund = { readonly type: 'OpenFund'; readonly data: { readonly fundId: string; readonly name: string; readonly restricted: boolean } };
export type ReceiveMoney = { readonly type: 'ReceiveMoney'; readonly data: { readonly donationId: string; readonly amountCents: number } };
/** A grant's restrictions, as awarded or amended; `now` dates the revision. */
export type SetFundRestrictions = {
  readonly type: 'SetFundRestrictions';
  readonly data: { readonly restrictions: FundRestrictions; readonly reference?: string; readonly now: Date };
};
/** `charge`: what the money is for; a fund under restrictions refuses a reservation without one. */
export type ReserveMoney = { readonly type: 'ReserveMoney'; readonly data: { readonly requestId: string; readonly amountCents: number; readonly charge?: Charge } };
export type ReleaseReservation = {
  readonly type: 'ReleaseReservation';
  readonly data: { readonly requestId: string; readonly amountCents: number; readonly reason: ReleaseReason };
};
export type DisburseMoney = {
  readonly type: 'DisburseMoney';
  /** `paidOn`, `payeeId`, `paymentReference`: when, to whom and how the money moved, when the coordinator stated them. */
  readonly data: {
    readonly requestId: string;
    readonly disbursementId: string;
    readonly amountCents: number;
    readonly paidOn?: string;
    readonly payeeId?: string;
    readonly paymentReference?: PaymentReference;
    /** How and when it was paid, checked against a grant's restrictions. */
    readonly charge?: PaymentCharge;
  };
};
export type VoidDisbursement = { readonly type: 'VoidDisbursement'; readonly data: { readonly requestId: string; readonly disbursementId: string } };
/** A card purchase pays its vendor from the fund; `charge` states what the cards are for, checked against a grant's purpose and period. */
export type SpendOnStock = {
  readonly type: 'SpendOnStock';
  readonly data: {
    readonly purchaseId: string;
    readonly amountCents: number;
    readonly paidOn: string;
    readonly payeeId: string;
    readonly paymentReference?: PaymentReference;
    readonly charge: Charge;
  };
};
/**
 * Proceeds of a sale of donated stock. `giftRestricted`: whether the gift sold was given with a
 * donor restriction; the restriction follows the proceeds, so the fund's class must match it.
 */
export type ReceiveSaleProceeds = {
  readonly type: 'ReceiveSaleProceeds';
  readonly data: { readonly saleId: string; readonly itemId: string; readonly amountCents: number; readonly soldOn: string; readonly giftRestricted: boolean };
};
/** What happens to one reservation open when its grant is closed out. */
export type CloseOutDecision = { readonly action: 'release' } | { readonly action: 'keep' } | { readonly action: 'move'; readonly toFundId: string };
/**
 * Close out a grant: `decisions` per request holding a reservation, `otherwise` for every
 * reservation not named (one decision for all). `now` dates the close.
 */
export type CloseOutGrant = {
  readonly type: 'CloseOutGrant';
  readonly data: {
    readonly decisions: Readonly<Record<string, CloseOutDecision>>;
    readonly otherwise?: CloseOutDecision;
    readonly reference?: string;
    readonly now: Date;
  };
};
export type FundCommand = OpenFund | SetFundRestrictions | ReceiveMoney | ReserveMoney | ReleaseReservation | DisburseMoney | VoidDisbursement | SpendOnStock | CloseOutGrant | ReceiveSaleProceeds;

export interface Disbursement {
  readonly requestId: string;
  readonly amountCents: number;
  readonly voided: boolean;
}

export type FundState =
  | { readonly status: 'none' }
  | {
      readonly status: 'open';
      readonly fundId: string;
      readonly name: string;
      readonly restricted: boolean;
      readonly receivedCents: number;
      /** Money that left the fund: paid to requests, or to a vendor for cards (`MoneySpentOnStock`). */
      readonly disbursedCents: number;
      /** Outstanding cents per request; a fully drawn or released reservation is dropped. */
      readonly reservations: Readonly<Record<string, number>>;
      readonly disbursements: Readonly<Record<string, Disbursement>>;
      /** The grant's restrictions in force (the latest revision), or null for money without them. */
      readonly restrictions: FundRestrictions | null;
      readonly revisions: readonly RestrictionRevision[];
      /** The budget line each request's money counts against; once charged to a line, a request's money stays on it. */
      readonly chargedTo: Readonly<Record<string, string>>;
      /** Set once the grant is closed out; absent on funds folded before close-out existed. */
      readonly closedOut?: { readonly closedOn: string; readonly outcomes: readonly CloseOutOutcome[]; readonly reference?: string };
    };
export type OpenFundState = Extract<FundState, { status: 'open' }>;

export interface RestrictionRevision {
  readonly revision: number;
  readonly effectiveOn: string;
  readonly reference?: string;
  readonly restrictions: FundRestrictions;
}

/** A budget line against what is committed to it: reserved and not yet paid, plus paid. */
export interface BudgetLineActual {
  readonly lineId: string;
  readonly categories: readonly string[];
  readonly budgetCents: number;
  readonly reservedCents: number;
  readonly spentCents: number;
  /** Budget minus reserved minus spent: what approvals may still commit to this line. */
  readonly remainingCents: number;
}

/** Budget vs actual per line of the restrictions in force; commitments on lines since removed are not shown (an amendment cannot remove a line holding money). */
export function budgetActuals(state: FundState): BudgetLineActual[] {
  if (state.status !== 'open' || !state.restrictions) return [];
  return state.restrictions.budgetLines.map((line) => {
    const { reservedCents, spentCents } = committedToLine(state, line.lineId);
    return { lineId: line.lineId, categories: line.categories, budgetCents: line.amountCents, reservedCents, spentCents, remainingCents: line.amountCents - reservedCents - spentCents };
  });
}

/** Reserved for, and paid (not voided) to, the requests charged to the line. */
function committedToLine(state: OpenFundState, lineId: string): { reservedCents: number; spentCents: number } {
  const { reservedCents, spentCents } = indexOf(state).lines.get(lineId) ?? { reservedCents: 0, spentCents: 0 };
  return { reservedCents, spentCents };
}

/**
 * Whether this fund would take this reservation as it stands: its restrictions allow the charge,
 * its budget line and its available money cover the amount. The fund choice at approval asks this
 * of each restricted fund; the fund's own decision asks it again on the state it appends to.
 */
export function reservationRefusal(state: FundState, requestId: string, amountCents: number, charge: Charge | undefined): Refusal | null {
  if (state.status !== 'open') return { code: 'FUND.NOT_OPEN', message: 'This fund has not been opened', details: {} };
  if (state.closedOut) return grantClosed(state.closedOut.closedOn);
  if (state.restrictions) {
    if (!charge) return { code: 'FUND.CHARGE_REQUIRED', message: 'A restricted fund is only charged for a stated category, payment method and day', details: { rule: 'purpose' } };
    const purpose = purposeRefusal(state.restrictions, charge);
    if (purpose) return purpose;
    const line = budgetLineFor(state.restrictions, charge.category);
    const prior = indexOf(state).chargedTo.get(requestId);
    if (line && prior !== undefined && prior !== line.lineId) {
      return { code: 'FUND.REQUEST_ON_OTHER_LINE', message: `This request's money already counts against budget line ${prior}`, details: { rule: 'budgetLines', lineId: prior } };
    }
    if (line) {
      const { reservedCents, spentCents } = committedToLine(state, line.lineId);
      const remainingCents = line.amountCents - reservedCents - spentCents;
      if (amountCents > remainingCents) {
        return {
          code: 'FUND.BUDGET_LINE_EXCEEDED',
          message: `Budget line ${line.lineId} has ${remainingCents} cents left`,
          details: { rule: 'budgetLines', lineId: line.lineId, remainingCents, requestedCents: amountCents },
        };
      }
    }
  }
  const { availableCents } = fundFigures(state);
  if (amountCents > availableCents) {
    return { code: 'FUND.INSUFFICIENT_FUNDS', message: `The fund has ${availableCents} cents available`, details: { availableCents, requestedCents: amountCents } };
  }
  return null;
}

function grantClosed(closedOn: string): Refusal {
  return { code: 'FUND.GRANT_CLOSED', message: `This grant was closed out on ${closedOn}: it takes no new commitment`, details: { rule: 'closeOut', closedOn } };
}

function throwRefusal(refusal: Refusal | null): void {
  if (refusal) throw new DomainError(refusal.code, refusal.message, { ...refusal.details });
}

export interface FundFigures {
  readonly receivedCents: number;
  readonly disbursedCents: number;
  readonly reservedCents: number;
  /** Money the fund holds: received minus disbursed. */
  readonly balanceCents: number;
  /** Money not yet promised to any request: balance minus reserved. */
  readonly availableCents: number;
}

export function fundFigures(state: FundState): FundFigures {
  if (state.status === 'none') return { receivedCents: 0, disbursedCents: 0, reservedCents: 0, balanceCents: 0, availableCents: 0 };
  const { reservedCents } = indexOf(state);
  const balanceCents = state.receivedCents - state.disbursedCents;
  return { receivedCents: state.receivedCents, disbursedCents: state.disbursedCents, reservedCents, balanceCents, availableCents: balanceCents - reservedCents };
}

const initialState = (): FundState => ({ status: 'none' });

function requireOpen(state: FundState): OpenFundState {
  if (state.status !== 'open') throw new DomainError('FUND.NOT_OPEN', 'This fund has not been opened');
  return state;
}

// Other libs call this decider directly, so the edge's DTO checks are not the only guard.
function requireAmount(amountCents: number): void {
  if (!Number.isInteger(amountCents) || amountCents < MIN_AMOUNT_CENTS || amountCents > MAX_AMOUNT_CENTS) {
    throw new DomainError(
      'FUND.INVALID_AMOUNT',
      `Amounts are whole cents from ${MIN_AMOUNT_CENTS} to ${MAX_AMOUNT_CENTS}`,
      { field: 'amountCents', min: MIN_AMOUNT_CENTS, max: MAX_AMOUNT_CENTS },
      'validation',
    );
  }
}

function outstanding(state: OpenFundState, requestId: string): number {
  return indexOf(state).reservations.get(requestId) ?? 0;
}

function requireWithinReservation(state: OpenFundState, requestId: string, amountCents: number): void {
  const reservedCents = outstanding(state, requestId);
  if (amountCents > reservedCents) {
    throw new DomainError('FUND.EXCEEDS_RESERVATION', `Only ${reservedCents} cents are reserved for this request`, { reservedCents, requestedCents: amountCents });
  }
}

/** An amendment may move money between lines, but never below what a line already holds. */
function requireLinesKeepCommitments(state: OpenFundState, next: FundRestrictions): void {
  for (const line of state.restrictions?.budgetLines ?? []) {
    const { reservedCents, spentCents } = committedToLine(state, line.lineId);
    const committedCents = reservedCents + spentCents;
    if (committedCents === 0) continue;
    const amended = next.budgetLines.find((l) => l.lineId === line.lineId);
    if (!amended || amended.amountCents < committedCents) {
      throw new DomainError('FUND.BUDGET_LINE_BELOW_COMMITTED', `Budget line ${line.lineId} already holds ${committedCents} cents`, {
        field: 'budgetLines',
        rule: 'budgetLines',
        lineId: line.lineId,
        committedCents,
      });
    }
  }
}

/**
 * Closing out a grant (docs/adr/0021): from the last day of its period of performance, once;
 * every reservation still open gets an explicit decision (its own, or the one for all). Released
 * and moved money leaves this fund in the same append; kept money stays reserved and may be paid
 * until the liquidation deadline, so keeping is refused once that deadline has passed. Whether
 * the fund a reservation moves to takes it is that fund's own decision, in the same unit of work.
 */
function decideCloseOut(command: CloseOutGrant['data'], state: FundState): FundEvent[] {
  if (state.status === 'none') throw new DomainError('FUND.NOT_FOUND', 'No fund with this id', {}, 'not_found');
  const open = requireOpen(state);
  if (!open.restrictions) throw new DomainError('FUND.NOT_RESTRICTED', 'Only a grant (a fund with restrictions) is closed out', { field: 'fundId' });
  if (open.closedOut) throw new DomainError('FUND.GRANT_CLOSED', `This grant was closed out on ${open.closedOut.closedOn}`, { closedOn: open.closedOut.closedOn }, 'conflict');
  const today = command.now.toISOString().slice(0, 10);
  const { lastDay, liquidationDeadline } = open.restrictions.period;
  if (today < lastDay) {
    throw new DomainError('FUND.PERIOD_NOT_ENDED', `A grant is closed out from the last day of its period of performance, ${lastDay}`, { rule: 'period', lastDay });
  }
  const index = indexOf(open);
  const unknown = Object.keys(command.decisions).find((requestId) => !index.reservations.has(requestId));
  if (unknown !== undefined) {
    throw new DomainError('FUND.CLOSE_OUT_UNKNOWN_RESERVATION', 'A decision names a request with no open reservation in this fund', { field: 'decisions', requestId: unknown });
  }
  const reservations = index.reservations.entries().sort(([a], [b]) => a.localeCompare(b));
  const undecided = reservations.filter(([requestId]) => !command.decisions[requestId] && !command.otherwise).length;
  if (undecided > 0) {
    throw new DomainError('FUND.CLOSE_OUT_UNDECIDED', `${undecided} open reservation(s) have no decision: decide each, or one for all`, { field: 'decisions', undecided });
  }
  const outcomes = reservations.map(([requestId, amountCents]): CloseOutOutcome => {
    const decision = (command.decisions[requestId] ?? command.otherwise) as CloseOutDecision;
    const line = index.chargedTo.get(requestId);
    const onLine = line ? { budgetLineId: line } : {};
    if (decision.action === 'move') {
      if (decision.toFundId === open.fundId) throw new DomainError('FUND.CLOSE_OUT_MOVE_TO_SELF', 'A reservation moves to another fund', { field: 'decisions.toFundId', requestId });
      return { requestId, amountCents, action: 'move', toFundId: decision.toFundId, ...onLine };
    }
    if (decision.action === 'keep' && today > liquidationDeadline) {
      throw new DomainError('FUND.LIQUIDATION_DEADLINE_PASSED', `Reserved money is paid until ${liquidationDeadline}: release or move it`, {
        rule: 'period.liquidationDeadline',
        liquidationDeadline,
        requestId,
      });
    }
    return { requestId, amountCents, action: decision.action, ...onLine };
  });
  const released = outcomes
    .filter((o) => o.action !== 'keep')
    .map((o): FundEvent => ({ type: 'ReservationReleased', data: { requestId: o.requestId, amountCents: o.amountCents, reason: o.action === 'move' ? 'moved_at_close_out' : 'grant_closed' } }));
  return [...released, { type: 'GrantClosedOut', data: { closedOn: today, outcomes, ...(command.reference ? { reference: command.reference } : {}) } }];
}

/** Proceeds may be 0 (nothing to add) but never negative; restricted and unrestricted money never mix. */
function receiveSaleProceeds(data: ReceiveSaleProceeds['data'], state: FundState): FundEvent {
  const open = requireOpen(state);
  const { saleId, itemId, amountCents, soldOn, giftRestricted } = data;
  if (!Number.isInteger(amountCents) || amountCents < 0 || amountCents > MAX_AMOUNT_CENTS) {
    throw new DomainError('FUND.INVALID_AMOUNT', `amountCents must be whole cents from 0 to ${MAX_AMOUNT_CENTS}`, { field: 'proceedsCents' }, 'validation');
  }
  if (open.restricted !== giftRestricted) {
    const message = giftRestricted ? 'The gift was restricted: its proceeds go to a restricted fund' : 'The gift was unrestricted: its proceeds go to a fund without restrictions';
    throw new DomainError('FUND.RESTRICTION_MISMATCH', message, { field: 'fundId', giftRestricted });
  }
  return { type: 'SaleProceedsReceived', data: { saleId, itemId, amountCents, soldOn } };
}

function decide(command: FundCommand, state: FundState): FundEvent[] {
  switch (command.type) {
    case 'OpenFund':
      if (state.status !== 'none') throw new DomainError('FUND.ALREADY_OPEN', 'This fund is already open', { fundId: state.fundId }, 'conflict');
      return [{ type: 'FundOpened', data: { fundId: command.data.fundId, name: command.data.name, restricted: command.data.restricted } }];

    case 'SetFundRestrictions': {
      // Restrictions are set on a fund by its id in the path: a fund that does not exist is not found.
      if (state.status === 'none') throw new DomainError('FUND.NOT_FOUND', 'No fund with this id', {}, 'not_found');
      const open = requireOpen(state);
      if (!open.restricted) throw new DomainError('FUND.NOT_RESTRICTED', 'Only a restricted fund carries a grant\'s restrictions', { field: 'fundId' });
      if (open.closedOut) throwRefusal(grantClosed(open.closedOut.closedOn));
      const { restrictions, reference, now } = command.data;
      throwRefusal(restrictionsRefusal(restrictions));
      requireLinesKeepCommitments(open, restrictions);
      const revision = open.revisions.length + 1;
      return [{ type: 'FundRestrictionsSet', data: { revision, restrictions, effectiveOn: now.toISOString().slice(0, 10), ...(reference ? { reference } : {}) } }];
    }

    case 'ReceiveMoney': {
      requireOpen(state);
      requireAmount(command.data.amountCents);
      return [{ type: 'MoneyReceived', data: { donationId: command.data.donationId, amountCents: command.data.amountCents } }];
    }

    case 'ReserveMoney': {
      const open = requireOpen(state);
      requireAmount(command.data.amountCents);
      const alreadyReserved = outstanding(open, command.data.requestId);
      if (alreadyReserved > 0) {
        throw new DomainError('FUND.ALREADY_RESERVED', 'Money is already reserved for this request', { reservedCents: alreadyReserved }, 'conflict');
      }
      const { requestId, amountCents, charge } = command.data;
      throwRefusal(reservationRefusal(open, requestId, amountCents, charge));
      const line = open.restrictions && charge ? budgetLineFor(open.restrictions, charge.category) : null;
      return [{ type: 'MoneyReserved', data: { requestId, amountCents, ...(line ? { budgetLineId: line.lineId } : {}) } }];
    }

    case 'ReleaseReservation': {
      const open = requireOpen(state);
      requireAmount(command.data.amountCents);
      requireWithinReservation(open, command.data.requestId, command.data.amountCents);
      const { requestId, amountCents, reason } = command.data;
      return [{ type: 'ReservationReleased', data: { requestId, amountCents, reason } }];
    }

    case 'DisburseMoney': {
      const open = requireOpen(state);
      requireAmount(command.data.amountCents);
      if (indexOf(open).disbursements.has(command.data.disbursementId)) {
        throw new DomainError('FUND.DISBURSEMENT_ALREADY_RECORDED', 'This disbursement is already recorded', {}, 'conflict');
      }
      requireWithinReservation(open, command.data.requestId, command.data.amountCents);
      if (open.restrictions) {
        const { charge } = command.data;
        if (!charge) throw new DomainError('FUND.CHARGE_REQUIRED', 'A restricted fund only pays out a stated payment method on a stated day', { rule: 'purpose' });
        throwRefusal(paymentRefusal(open.restrictions, charge));
      }
      const { requestId, disbursementId, amountCents, paidOn, payeeId, paymentReference } = command.data;
      const stated = { ...(paidOn ? { paidOn } : {}), ...(payeeId ? { payeeId } : {}), ...(paymentReference ? { paymentReference } : {}) };
      return [{ type: 'MoneyDisbursed', data: { requestId, disbursementId, amountCents, ...stated } }];
    }

    case 'SpendOnStock': {
      const open = requireOpen(state);
      requireAmount(command.data.amountCents);
      const { purchaseId, amountCents, paidOn, payeeId, paymentReference, charge } = command.data;
      // A closed-out grant takes no new commitment, and cards bought with it would be one.
      if (open.closedOut) throwRefusal(grantClosed(open.closedOut.closedOn));
      if (open.restrictions) throwRefusal(purposeRefusal(open.restrictions, charge));
      // Money bought as cards is gone from the fund at once: it may not touch what approvals already hold.
      const { availableCents } = fundFigures(open);
      if (amountCents > availableCents) {
        throw new DomainError('FUND.INSUFFICIENT_FUNDS', `The fund has ${availableCents} cents available`, { availableCents, requestedCents: amountCents });
      }
      return [{ type: 'MoneySpentOnStock', data: { purchaseId, amountCents, paidOn, payeeId, ...(paymentReference ? { paymentReference } : {}) } }];
    }

    case 'CloseOutGrant':
      return decideCloseOut(command.data, state);

    case 'ReceiveSaleProceeds':
      return [receiveSaleProceeds(command.data, state)];

    case 'VoidDisbursement': {
      const open = requireOpen(state);
      const disbursement = indexOf(open).disbursements.get(command.data.disbursementId);
      if (!disbursement || disbursement.requestId !== command.data.requestId) {
        throw new DomainError('FUND.UNKNOWN_DISBURSEMENT', 'No such disbursement for this request in this fund');
      }
      if (disbursement.voided) throw new DomainError('FUND.DISBURSEMENT_ALREADY_VOIDED', 'This disbursement is already voided', {}, 'conflict');
      const { requestId, disbursementId } = command.data;
      return [{ type: 'DisbursementVoided', data: { requestId, disbursementId, amountCents: disbursement.amountCents } }];
    }
  }
}

/** The fields of an open fund other than its three records, which are built from the index when read. */
type OpenScalars = Omit<OpenFundState, 'reservations' | 'disbursements' | 'chargedTo'>;
const RECORDS = new Set(['reservations', 'disbursements', 'chargedTo']);

interface Internals {
  readonly scalars: OpenScalars;
  readonly index: FundIndex;
}
/** Each state evolve built, with what it was built from; a state built elsewhere is indexed once, when first asked. */
const internals = new WeakMap<OpenFundState, Internals>();

function internalsOf(state: OpenFundState): Internals {
  let found = internals.get(state);
  if (!found) {
    const scalars: Record<string, unknown> = {};
    for (const key of Object.keys(state)) if (!RECORDS.has(key)) scalars[key] = state[key as keyof OpenScalars];
    found = { scalars: scalars as OpenScalars, index: indexRecords(state.reservations, state.disbursements, state.chargedTo) };
    internals.set(state, found);
  }
  return found;
}

const indexOf = (state: OpenFundState): FundIndex => internalsOf(state).index;

/**
 * An open fund's state: plain fields, and the three records as getters over the index, built on
 * first read and kept. Folding thus never copies the record of every payment (which made a fund
 * with a long history cost more at each event), and a state, once built, never changes.
 */
function openState(scalars: OpenScalars, index: FundIndex): OpenFundState {
  let reservations: Record<string, number> | undefined;
  let disbursements: Record<string, Disbursement> | undefined;
  let chargedTo: Record<string, string> | undefined;
  const { status, fundId, name, restricted, receivedCents, disbursedCents, restrictions, revisions, closedOut, ...rest } = scalars;
  const state: OpenFundState = {
    status,
    fundId,
    name,
    restricted,
    ...rest,
    receivedCents,
    disbursedCents,
    get reservations() {
      return (reservations ??= index.reservations.toRecord());
    },
    get disbursements() {
      return (disbursements ??= index.disbursements.toRecord());
    },
    restrictions,
    revisions,
    get chargedTo() {
      return (chargedTo ??= index.chargedTo.toRecord());
    },
    ...(closedOut ? { closedOut } : {}),
  };
  internals.set(state, { scalars, index });
  return state;
}

/** The state after an event: `changes` to its plain fields, `index` for its records. */
function next(state: OpenFundState, changes: Partial<OpenScalars>, index: FundIndex = indexOf(state)): OpenFundState {
  return openState({ ...internalsOf(state).scalars, ...changes }, index);
}

function evolve(state: FundState, event: FundEvent): FundState {
  if (event.type === 'FundOpened') {
    return openState({ status: 'open', ...event.data, receivedCents: 0, disbursedCents: 0, restrictions: null, revisions: [] }, EMPTY_INDEX);
  }
  if (state.status !== 'open') return state;
  switch (event.type) {
    case 'FundRestrictionsSet':
      return next(state, { restrictions: event.data.restrictions, revisions: [...state.revisions, event.data] });
    case 'MoneyReceived':
      return next(state, { receivedCents: state.receivedCents + event.data.amountCents });
    case 'MoneyReserved': {
      const { requestId, amountCents, budgetLineId } = event.data;
      const charged = budgetLineId ? withCharge(indexOf(state), requestId, budgetLineId) : indexOf(state);
      return next(state, {}, withReservation(charged, requestId, outstanding(state, requestId) + amountCents));
    }
    case 'ReservationReleased': {
      const { requestId, amountCents } = event.data;
      return next(state, {}, withReservation(indexOf(state), requestId, outstanding(state, requestId) - amountCents));
    }
    case 'MoneyDisbursed': {
      const { requestId, disbursementId, amountCents } = event.data;
      const index = withReservation(indexOf(state), requestId, outstanding(state, requestId) - amountCents);
      return next(state, { disbursedCents: state.disbursedCents + amountCents }, withDisbursement(index, disbursementId, { requestId, amountCents, voided: false }));
    }
    case 'MoneySpentOnStock':
      return next(state, { disbursedCents: state.disbursedCents + event.data.amountCents });
    case 'GrantClosedOut':
      return next(state, { closedOut: event.data });
    case 'SaleProceedsReceived':
      return next(state, { receivedCents: state.receivedCents + event.data.amountCents });
    case 'DisbursementVoided': {
      const { requestId, disbursementId, amountCents } = event.data;
      const index = withReservation(indexOf(state), requestId, outstanding(state, requestId) + amountCents);
      return next(state, { disbursedCents: state.disbursedCents - amountCents }, withDisbursement(index, disbursementId, { requestId, amountCents, voided: true }));
    }
  }
}

export const fundDecider: Decider<FundState, FundCommand, FundEvent> = { initialState, evolve, decide };
