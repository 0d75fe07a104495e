import { DomainError, type Decider } from '@fund/event-sourcing';
import type { DocumentAttached, DocumentEvent, DocumentKind } from './document.events';
import type { DocumentMediaType } from './sniff';
import type { RemovedMetadata } from './strip/unreadable';

/** 10 MB: a multi-page scanned PDF or a full-resolution phone photo fits; a video does not. */
export const DEFAULT_MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
/** Enough for a quote, an invoice and a receipt per payment on any real request. */
export const MAX_DOCUMENTS_PER_REQUEST = 20;

/** What the rules need to know about the request a document is attached to. */
export type RequestForDocuments =
  | { readonly exists: false }
  | { readonly exists: true; readonly organizationId: string; readonly disbursementIds: readonly string[]; readonly shredded: boolean; readonly documents: number };

export interface AttachDocument {
  readonly type: 'AttachDocument';
  readonly data: {
    readonly documentId: string;
    readonly requestId: string;
    readonly kind: DocumentKind;
    readonly mediaType: DocumentMediaType;
    readonly sizeBytes: number;
    readonly disbursementId: string | null;
    readonly removedMetadata: readonly RemovedMetadata[];
    /** The provider's organization; null for coalition staff, who act for every organization. */
    readonly organizationId: string | null;
    readonly request: RequestForDocuments;
  };
}

export type DocumentState = { readonly status: 'none' } | ({ readonly status: 'attached' } & DocumentAttached['data']);

function refuse(code: string, message: string, details: Record<string, unknown> = {}, kind: 'rule' | 'not_found' | 'conflict' = 'rule'): never {
  throw new DomainError(code, message, details, kind);
}

/**
 * The bytes' own rules, checked before anything is parsed: a size within the limit and a type
 * the bytes themselves announce (`sniffMediaType`), whatever the sender declared.
 */
export function checkUploadedBytes(sizeBytes: number, mediaType: DocumentMediaType | null, maxBytes: number): DocumentMediaType {
  if (sizeBytes === 0) refuse('DOCUMENT.EMPTY', 'The document is empty', { field: 'body' });
  if (sizeBytes > maxBytes) refuse('DOCUMENT.TOO_LARGE', `A document is at most ${maxBytes} bytes`, { field: 'body', maxBytes });
  if (mediaType === null) {
    refuse('DOCUMENT.UNSUPPORTED_TYPE', 'A document must be a PDF, JPEG, PNG or HEIC file (judged from its bytes, not its name or declared type)', {
      field: 'body',
      allowed: ['application/pdf', 'image/jpeg', 'image/png', 'image/heic'],
    });
  }
  return mediaType;
}

function decideAttach({ data }: AttachDocument, state: DocumentState): DocumentEvent[] {
  if (state.status !== 'none') refuse('DOCUMENT.EXISTS', 'This document was already attached', {}, 'conflict');
  const request = data.request;
  // Another organization's request answers exactly like one that does not exist.
  if (!request.exists || (data.organizationId !== null && data.organizationId !== request.organizationId)) {
    refuse('FUND_REQUEST.NOT_FOUND', 'No such fund request', {}, 'not_found');
  }
  if (request.shredded) refuse('DOCUMENT.REQUEST_SHREDDED', "This request's data key was destroyed; nothing more can be attached to it");
  if (data.disbursementId !== null && !request.disbursementIds.includes(data.disbursementId)) {
    refuse('FUND_REQUEST.UNKNOWN_DISBURSEMENT', 'No such disbursement on this request', { field: 'disbursementId' }, 'not_found');
  }
  if (request.documents >= MAX_DOCUMENTS_PER_REQUEST) refuse('DOCUMENT.TOO_MANY', `A request holds at most ${MAX_DOCUMENTS_PER_REQUEST} documents`, { max: MAX_DOCUMENTS_PER_REQUEST });
  return [
    {
      type: 'DocumentAttached',
      data: {
        documentId: data.documentId,
        requestId: data.requestId,
        organizationId: request.organizationId,
        kind: data.kind,
        mediaType: data.mediaType,
        sizeBytes: data.sizeBytes,
        disbursementId: data.disbursementId,
        removedMetadata: [...data.removedMetadata],
      },
    },
  ];
}

export const documentDecider: Decider<DocumentState, AttachDocument, DocumentEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve: (_state, event) => ({ status: 'attached', ...event.data }),
  decide: (command, state) => decideAttach(command, state),
};
