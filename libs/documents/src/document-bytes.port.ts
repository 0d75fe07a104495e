/**
 * Where the (already encrypted) bytes of documents live. The default keeps them in the store's
 * own database (`SqlDocumentBytes`); a production deployment may put them in an S3-compatible
 * object store instead by providing another implementation under `DOCUMENT_BYTES` (ADR 0015).
 * Implementations only ever see ciphertext sealed with the request's data key, so shredding the
 * key destroys the document wherever its bytes are kept, backups and replicas included.
 */
export interface DocumentBytes {
  put(documentId: string, sealed: Buffer): Promise<void>;
  /** `null` when nothing is stored under this id. */
  get(documentId: string): Promise<Buffer | null>;
  delete(documentId: string): Promise<void>;
}

export const DOCUMENT_BYTES = Symbol('DOCUMENT_BYTES');
