import type { DomainEvent } from '@fund/event-sourcing';
import type { County, ProviderType } from './vocabulary';

export type OrganizationRegistered = DomainEvent<'OrganizationRegistered', { organizationId: string; providerType: ProviderType; county: County }>;
/** Recorded with each disbursement, so a new request can be checked for overdue receipts. */
export type ReceiptDue = DomainEvent<'ReceiptDue', { requestId: string; disbursementId: string; dueOn: string }>;
export type ReceiptSettled = DomainEvent<'ReceiptSettled', { requestId: string; disbursementId: string }>;

export type OrganizationEvent = OrganizationRegistered | ReceiptDue | ReceiptSettled;

export const organizationStreamId = (organizationId: string) => `organization-${organizationId}`;
