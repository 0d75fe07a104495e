import { DomainError, type Decider } from '@fund/event-sourcing';
import type { PayeeEvent, PayeeKind } from './payee.events';

/** Payees are named by the coordinator with a slug, like funds. */
export const PAYEE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;
/** The only tax id a payee may have: an employer identification number. */
export const EIN_PATTERN = /^\d{2}-\d{7}$/;

export const payeeStreamId = (payeeId: string) => `payee-${payeeId}`;

export type RegisterPayee = {
  readonly type: 'RegisterPayee';
  readonly data: { readonly payeeId: string; readonly name: string; readonly kind: PayeeKind; readonly taxId: string | null };
};
export type PayeeCommand = RegisterPayee;

export type PayeeState =
  | { readonly status: 'none' }
  | { readonly status: 'registered'; readonly payeeId: string; readonly name: string; readonly kind: PayeeKind; readonly taxId: string | null };

/**
 * Refused before anything is written: a tax id shaped like anything but an EIN (an SSN names a
 * person, and a person is never a payee), and a second registration of the same payee.
 */
function decide(command: PayeeCommand, state: PayeeState): PayeeEvent[] {
  if (state.status !== 'none') throw new DomainError('PAYEE.ALREADY_REGISTERED', 'This payee is already registered', { payeeId: state.payeeId }, 'conflict');
  const { payeeId, name, kind, taxId } = command.data;
  if (taxId !== null && !EIN_PATTERN.test(taxId)) {
    throw new DomainError('PAYEE.TAX_ID_NOT_EIN', 'A payee is a business or an agency: its tax id is an EIN written NN-NNNNNNN', { field: 'taxId' }, 'rule');
  }
  return [{ type: 'PayeeRegistered', data: { payeeId, name, kind, taxId } }];
}

function evolve(state: PayeeState, event: PayeeEvent): PayeeState {
  switch (event.type) {
    case 'PayeeRegistered':
      return { status: 'registered', ...event.data };
  }
}

export const payeeDecider: Decider<PayeeState, PayeeCommand, PayeeEvent> = {
  initialState: () => ({ status: 'none' }),
  decide,
  evolve,
};
