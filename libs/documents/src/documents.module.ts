import { Global, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { RECEIPT_DOCUMENTS } from '@fund/fund-requests';
import type { SqlDatabase } from '@fund/event-sourcing';
import { ConfigError, READ_DATABASE } from '@fund/platform';
import { DOCUMENT_BYTES, type DocumentBytes } from './document-bytes.port';
import { DocumentCatalog } from './document-catalog';
import { DEFAULT_MAX_DOCUMENT_BYTES } from './document.decider';
import { DOCUMENT_LIMITS, DocumentsService, type DocumentLimits } from './documents.service';
import { DownloadDocumentController } from './download-document/download-document.controller';
import { ListDocumentsController } from './list-documents/list-documents.controller';
import { SqlDocumentBytes } from './sql-document-bytes';
import { UploadDocumentController } from './upload-document/upload-document.controller';

/** DOCUMENT_MAX_BYTES: the size limit of one document, in bytes (default 10 MB). */
export function documentLimits(env: NodeJS.ProcessEnv = process.env): DocumentLimits {
  const raw = env.DOCUMENT_MAX_BYTES;
  if (raw === undefined || raw === '') return { maxBytes: DEFAULT_MAX_DOCUMENT_BYTES };
  const maxBytes = Number(raw);
  if (!Number.isInteger(maxBytes) || maxBytes < 1024 || maxBytes > 100 * 1024 * 1024) {
    throw new ConfigError(['DOCUMENT_MAX_BYTES must be a whole number of bytes between 1024 and 104857600']);
  }
  return { maxBytes };
}

/**
 * Receipts, invoices and quotes attached to requests and payments (ADR 0015). The bytes go
 * through `DOCUMENT_BYTES`, by default a table in the store's database; the data keys are the
 * privacy lib's (its module is global). Global itself so that the fund-request lib's receipts
 * can look documents up through `RECEIPT_DOCUMENTS` without depending on this lib.
 */
@Global()
@Module({
  controllers: [UploadDocumentController, ListDocumentsController, DownloadDocumentController],
  providers: [
    DocumentsService,
    { provide: RECEIPT_DOCUMENTS, useExisting: DocumentsService },
    { provide: DOCUMENT_LIMITS, useFactory: () => documentLimits() },
    { provide: DocumentCatalog, useFactory: (db: SqlDatabase) => new DocumentCatalog(db), inject: [READ_DATABASE] },
    { provide: DOCUMENT_BYTES, useFactory: (db: SqlDatabase) => new SqlDocumentBytes(db), inject: [READ_DATABASE] },
  ],
  exports: [DocumentsService, RECEIPT_DOCUMENTS],
})
export class DocumentsModule implements OnModuleInit {
  constructor(
    private readonly catalog: DocumentCatalog,
    @Inject(DOCUMENT_BYTES) private readonly bytes: DocumentBytes,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.catalog.migrate();
    if (this.bytes instanceof SqlDocumentBytes) await this.bytes.migrate();
  }
}
