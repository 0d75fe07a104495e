export * from './sniff';
export { stripMetadata } from './strip/strip-metadata';
export { UnreadableDocument, type RemovedMetadata, type Stripped } from './strip/unreadable';
export * from './document.events';
export { documentDecider, checkUploadedBytes, DEFAULT_MAX_DOCUMENT_BYTES, MAX_DOCUMENTS_PER_REQUEST, type RequestForDocuments, type AttachDocument, type DocumentState } from './document.decider';
export { DOCUMENT_BYTES, type DocumentBytes } from './document-bytes.port';
export { SqlDocumentBytes } from './sql-document-bytes';
export { DocumentsService } from './documents.service';
export { DocumentsModule, documentLimits } from './documents.module';
