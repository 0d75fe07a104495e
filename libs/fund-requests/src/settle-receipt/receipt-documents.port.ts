import type { ReceiptDocumentFacts } from '../fund-request.commands';

/**
 * How a receipt learns about the document it points at, without this lib depending on the
 * documents lib (which depends on this one): the documents lib provides it. Without a provider,
 * every document id is unknown.
 */
export interface ReceiptDocuments {
  describe(documentId: string): Promise<ReceiptDocumentFacts | null>;
}

export const RECEIPT_DOCUMENTS = Symbol('RECEIPT_DOCUMENTS');
