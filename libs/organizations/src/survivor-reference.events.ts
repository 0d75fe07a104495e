import type { DomainEvent } from '@fund/event-sourcing';

/** The only thing the fund knows about a survivor: an opaque reference, issued to one organization. */
export type SurvivorReferenceIssued = DomainEvent<'SurvivorReferenceIssued', { reference: string; organizationId: string }>;
export type SupportCommitted = DomainEvent<'SupportCommitted', { requestId: string; amountCents: number; committedOn: string }>;
export type SupportReleased = DomainEvent<'SupportReleased', { requestId: string; amountCents: number }>;

export type SurvivorReferenceEvent = SurvivorReferenceIssued | SupportCommitted | SupportReleased;

export const survivorStreamId = (reference: string) => `survivor-${reference}`;
