import { DomainError, type Decider } from '@fund/event-sourcing';
import type { OrganizationEvent } from './organization.events';
import type { County, ProviderType } from './vocabulary';

interface DueReceipt {
  readonly requestId: string;
  readonly dueOn: string;
}

export type OrganizationState =
  | { readonly status: 'none' }
  | {
      readonly status: 'registered';
      readonly organizationId: string;
      readonly providerType: ProviderType;
      readonly county: County;
      readonly receiptsDue: Readonly<Record<string, DueReceipt>>;
    };

export type RegisterOrganization = {
  readonly type: 'RegisterOrganization';
  readonly data: { readonly organizationId: string; readonly providerType: ProviderType; readonly county: County };
};
export type RecordReceiptDue = {
  readonly type: 'RecordReceiptDue';
  readonly data: { readonly requestId: string; readonly disbursementId: string; readonly dueOn: string };
};
export type SettleReceipt = { readonly type: 'SettleReceipt'; readonly data: { readonly requestId: string; readonly disbursementId: string } };
export type OrganizationCommand = RegisterOrganization | RecordReceiptDue | SettleReceipt;

export function assertRegistered(state: OrganizationState): Extract<OrganizationState, { status: 'registered' }> {
  if (state.status !== 'registered') {
    throw new DomainError('ORGANIZATION.NOT_REGISTERED', 'The organization is not registered with the fund; a coordinator registers member agencies', {});
  }
  return state;
}

/** Receipts due before `now`'s day (UTC): a receipt due today is not overdue yet. */
export function overdueReceipts(state: OrganizationState, now: Date): { disbursementId: string; requestId: string; dueOn: string }[] {
  if (state.status !== 'registered') return [];
  const today = now.toISOString().slice(0, 10);
  return Object.entries(state.receiptsDue)
    .filter(([, due]) => due.dueOn < today)
    .map(([disbursementId, due]) => ({ disbursementId, ...due }));
}

export const organizationDecider: Decider<OrganizationState, OrganizationCommand, OrganizationEvent> = {
  initialState: () => ({ status: 'none' }),

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

  decide({ type, data }, state) {
    switch (type) {
      case 'RegisterOrganization':
        if (state.status === 'registered') {
          throw new DomainError('ORGANIZATION.ALREADY_REGISTERED', 'This organization is already registered', { organizationId: state.organizationId }, 'conflict');
        }
        return { type: 'OrganizationRegistered', data: { organizationId: data.organizationId, providerType: data.providerType, county: data.county } };
      case 'RecordReceiptDue':
        assertRegistered(state);
        return { type: 'ReceiptDue', data: { requestId: data.requestId, disbursementId: data.disbursementId, dueOn: data.dueOn } };
      case 'SettleReceipt':
        // Settling a receipt that is no longer due records nothing, so a repeated settle is harmless.
        if (!assertRegistered(state).receiptsDue[data.disbursementId]) return [];
        return { type: 'ReceiptSettled', data: { requestId: data.requestId, disbursementId: data.disbursementId } };
    }
  },
};
