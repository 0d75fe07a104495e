import type { DomainEvent } from '@fund/event-sourcing';
import type { DocumentMediaType } from './sniff';
import type { RemovedMetadata } from './strip/unreadable';

/** What a document is to the fund: proof of what was paid, billed, or quoted. */
export const DOCUMENT_KINDS = ['receipt', 'invoice', 'quote'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/**
 * A document was attached to a request (and, when given, to one of its payments). The event
 * holds no bytes and no name: only what an auditor needs to find it, and which kinds of metadata
 * were removed before it was stored.
 */
export type DocumentAttached = DomainEvent<
  'DocumentAttached',
  {
    documentId: string;
    requestId: string;
    organizationId: string;
    kind: DocumentKind;
    mediaType: DocumentMediaType;
    sizeBytes: number;
    disbursementId: string | null;
    removedMetadata: RemovedMetadata[];
  }
>;

export type DocumentEvent = DocumentAttached;

export const documentStreamId = (documentId: string) => `document-${documentId}`;
