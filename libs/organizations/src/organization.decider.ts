import { DomainError, type Decider } from '@fund/event-sourcing';
import type { OrganizationEvent } from './organization.events';
import type { County, ProviderType } from './vocabulary';

interface DueReceipt {
  readonly requestId: string;
  readonly dueOn: string;
}

export type OrganizationState =
  | { readonly status: 'unregistered' }
  | {
      readonly status: 'registered';
      readonly organizationId: string;
      readonly providerType: ProviderType;
      readonly county: County;
      readonly receiptsDue: Readonly<Record<string, DueReceipt>>;
    };

export type OrganizationCommand =
  | { readonly type: 'RegisterOrganization'; readonly organizationId: string; readonly providerType: ProviderType; readonly county: County }
  | { readonly type: 'RecordReceiptDue'; readonly requestId: string; readonly disbursementId: string; readonly dueOn: string }
  | { readonly type: 'SettleReceipt'; readonly requestId: string; readonly disbursementId: string };

export function assertRegistered(state: OrganizationState): Extract<OrganizationState, { status: 'registered' }> {
  if (state.status !== 'registered') {
    throw new DomainError('ORGANIZATION.NOT_REGISTERED', 'The organization is not registered with the fund; a coordinator registers member agencies', {});
  }
  return state;
}

/** Receipts whose due date is before `today` (YYYY-MM-DD). */
export function overdueReceipts(state: OrganizationState, today: string): { disbursementId: string; requestId: string; dueOn: string }[] {
  if (state.status !== 'registered') return [];
  return Object.entries(state.receiptsDue)
    .filter(([, due]) => due.dueOn < today)
    .map(([disbursementId, due]) => ({ disbursementId, ...due }));
}

export const organizationDecider: Decider<OrganizationState, OrganizationCommand, OrganizationEvent> = {
  initialState: () => ({ status: 'unregistered' }),

  evolve(state, event) {
    switch (event.type) {
      case 'OrganizationRegistered':
        return { status: 'registered', ...event.data, receiptsDue: {} };
      case 'ReceiptDue':
        if (state.status !== 'registered') return state;
        return { ...state, receiptsDue: { ...state.receiptsDue, [event.data.disbursementId]: { requestId: event.data.requestId, dueOn: event.data.dueOn } } };
      case 'ReceiptSettled': {
        if (state.status !== 'registered') return state;
        const { [event.data.disbursementId]: _settled, ...rest } = state.receiptsDue;
        return { ...state, receiptsDue: rest };
      }
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'RegisterOrganization':
        if (state.status === 'registered') {
          throw new DomainError('ORGANIZATION.ALREADY_REGISTERED', 'This organization is already registered', { organizationId: state.organizationId }, 'conflict');
        }
        return { type: 'OrganizationRegistered', data: { organizationId: command.organizationId, providerType: command.providerType, county: command.county } };
      case 'RecordReceiptDue':
        assertRegistered(state);
        return { type: 'ReceiptDue', data: { requestId: command.requestId, disbursementId: command.disbursementId, dueOn: command.dueOn } };
      case 'SettleReceipt':
        if (!assertRegistered(state).receiptsDue[command.disbursementId]) return [];
        return { type: 'ReceiptSettled', data: { requestId: command.requestId, disbursementId: command.disbursementId } };
    }
  },
};
