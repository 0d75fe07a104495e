import { DomainError, type Decider } from '@fund/event-sourcing';
import type { FundEvent, ReleaseReason } from './fund.events';
import type { PaymentReference } from './payees/payee.events';

export const MIN_AMOUNT_CENTS = 1;
export const MAX_AMOUNT_CENTS = 100_000_000;
/** Funds are named by the coordinator with a short slug. */
export const FUND_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

export function fundStreamId(fundId: string): string {
  return `fund-${fundId}`;
}

export type OpenFund = { readonly type: 'OpenFund'; readonly data: { readonly fundId: string; readonly name: string; readonly restricted: boolean } };
export type ReceiveMoney = { readonly type: 'ReceiveMoney'; readonly data: { readonly donationId: string; readonly amountCents: number } };
export type ReserveMoney = { readonly type: 'ReserveMoney'; readonly data: { readonly requestId: string; readonly amountCents: number } };
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
  };
};
export type VoidDisbursement = { readonly type: 'VoidDisbursement'; readonly data: { readonly requestId: string; readonly disbursementId: string } };
export type FundCommand = OpenFund | ReceiveMoney | ReserveMoney | ReleaseReservation | DisburseMoney | VoidDisbursement;

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
      readonly disbursedCents: number;
      /** Outstanding cents per request; a fully drawn or released reservation is dropped. */
      readonly reservations: Readonly<Record<string, number>>;
      readonly disbursements: Readonly<Record<string, Disbursement>>;
    };
export type OpenFundState = Extract<FundState, { status: 'open' }>;

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
  const reservedCents = Object.values(state.reservations).reduce((sum, cents) => sum + cents, 0);
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
  return state.reservations[requestId] ?? 0;
}

function requireWithinReservation(state: OpenFundState, requestId: string, amountCents: number): void {
  const reservedCents = outstanding(state, requestId);
  if (amountCents > reservedCents) {
    throw new DomainError('FUND.EXCEEDS_RESERVATION', `Only ${reservedCents} cents are reserved for this request`, { reservedCents, requestedCents: amountCents });
  }
}

function withReservation(reservations: Readonly<Record<string, number>>, requestId: string, cents: number): Record<string, number> {
  const { [requestId]: _dropped, ...rest } = reservations;
  return cents > 0 ? { ...rest, [requestId]: cents } : rest;
}

function decide(command: FundCommand, state: FundState): FundEvent[] {
  switch (command.type) {
    case 'OpenFund':
      if (state.status !== 'none') throw new DomainError('FUND.ALREADY_OPEN', 'This fund is already open', { fundId: state.fundId }, 'conflict');
      return [{ type: 'FundOpened', data: { fundId: command.data.fundId, name: command.data.name, restricted: command.data.restricted } }];

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
      const { availableCents } = fundFigures(open);
      if (command.data.amountCents > availableCents) {
        throw new DomainError('FUND.INSUFFICIENT_FUNDS', `The fund has ${availableCents} cents available`, { availableCents, requestedCents: command.data.amountCents });
      }
      return [{ type: 'MoneyReserved', data: { requestId: command.data.requestId, amountCents: command.data.amountCents } }];
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
      if (open.disbursements[command.data.disbursementId]) {
        throw new DomainError('FUND.DISBURSEMENT_ALREADY_RECORDED', 'This disbursement is already recorded', {}, 'conflict');
      }
      requireWithinReservation(open, command.data.requestId, command.data.amountCents);
      const { requestId, disbursementId, amountCents, paidOn, payeeId, paymentReference } = command.data;
      const stated = { ...(paidOn ? { paidOn } : {}), ...(payeeId ? { payeeId } : {}), ...(paymentReference ? { paymentReference } : {}) };
      return [{ type: 'MoneyDisbursed', data: { requestId, disbursementId, amountCents, ...stated } }];
    }

    case 'VoidDisbursement': {
      const open = requireOpen(state);
      const disbursement = open.disbursements[command.data.disbursementId];
      if (!disbursement || disbursement.requestId !== command.data.requestId) {
        throw new DomainError('FUND.UNKNOWN_DISBURSEMENT', 'No such disbursement for this request in this fund');
      }
      if (disbursement.voided) throw new DomainError('FUND.DISBURSEMENT_ALREADY_VOIDED', 'This disbursement is already voided', {}, 'conflict');
      const { requestId, disbursementId } = command.data;
      return [{ type: 'DisbursementVoided', data: { requestId, disbursementId, amountCents: disbursement.amountCents } }];
    }
  }
}

function evolve(state: FundState, event: FundEvent): FundState {
  if (event.type === 'FundOpened') {
    return { status: 'open', ...event.data, receivedCents: 0, disbursedCents: 0, reservations: {}, disbursements: {} };
  }
  if (state.status !== 'open') return state;
  switch (event.type) {
    case 'MoneyReceived':
      return { ...state, receivedCents: state.receivedCents + event.data.amountCents };
    case 'MoneyReserved':
      return { ...state, reservations: withReservation(state.reservations, event.data.requestId, outstanding(state, event.data.requestId) + event.data.amountCents) };
    case 'ReservationReleased':
      return { ...state, reservations: withReservation(state.reservations, event.data.requestId, outstanding(state, event.data.requestId) - event.data.amountCents) };
    case 'MoneyDisbursed': {
      const { requestId, disbursementId, amountCents } = event.data;
      return {
        ...state,
        disbursedCents: state.disbursedCents + amountCents,
        reservations: withReservation(state.reservations, requestId, outstanding(state, requestId) - amountCents),
        disbursements: { ...state.disbursements, [disbursementId]: { requestId, amountCents, voided: false } },
      };
    }
    case 'DisbursementVoided': {
      const { requestId, disbursementId, amountCents } = event.data;
      return {
        ...state,
        disbursedCents: state.disbursedCents - amountCents,
        reservations: withReservation(state.reservations, requestId, outstanding(state, requestId) + amountCents),
        disbursements: { ...state.disbursements, [disbursementId]: { requestId, amountCents, voided: true } },
      };
    }
  }
}

export const fundDecider: Decider<FundState, FundCommand, FundEvent> = { initialState, evolve, decide };
