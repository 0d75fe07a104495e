import { migrate, type SqlDatabase } from '@fund/event-sourcing';
import type { DocumentAttached, DocumentKind } from './document.events';
import type { DocumentMediaType } from './sniff';

const MIGRATIONS = [
  {
    version: 1,
    name: 'documents attached to requests (metadata only, never a name)',
    sql: `
CREATE TABLE documents (
  document_id text PRIMARY KEY,
  request_id text NOT NULL,
  organization_id text NOT NULL,
  kind text NOT NULL,
  media_type text NOT NULL,
  size_bytes integer NOT NULL,
  disbursement_id text,
  removed_metadata text NOT NULL,
  uploaded_at timestamptz NOT NULL
);
CREATE INDEX documents_by_request ON documents (request_id, uploaded_at);
`,
  },
];

export interface CatalogEntry {
  readonly documentId: string;
  readonly requestId: string;
  readonly organizationId: string;
  readonly kind: DocumentKind;
  readonly mediaType: DocumentMediaType;
  readonly sizeBytes: number;
  readonly disbursementId: string | null;
  readonly removedMetadata: readonly string[];
  readonly uploadedAt: string;
}

type Row = {
  document_id: string;
  request_id: string;
  organization_id: string;
  kind: DocumentKind;
  media_type: DocumentMediaType;
  size_bytes: number;
  disbursement_id: string | null;
  removed_metadata: string;
  uploaded_at: Date | string;
};

const entry = (r: Row): CatalogEntry => ({
  documentId: r.document_id,
  requestId: r.request_id,
  organizationId: r.organization_id,
  kind: r.kind,
  mediaType: r.media_type,
  sizeBytes: Number(r.size_bytes),
  disbursementId: r.disbursement_id,
  removedMetadata: r.removed_metadata ? r.removed_metadata.split(',') : [],
  uploadedAt: new Date(r.uploaded_at).toISOString(),
});

/**
 * Which documents a request has: written with the bytes, before the `DocumentAttached` event
 * (and removed again if that append is refused), so a listed document always has its bytes.
 */
export class DocumentCatalog {
  constructor(private readonly db: SqlDatabase) {}

  async migrate(): Promise<void> {
    await migrate(this.db, 'documents', MIGRATIONS);
  }

  async add(data: DocumentAttached['data'], uploadedAt: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO documents (document_id, request_id, organization_id, kind, media_type, size_bytes, disbursement_id, removed_metadata, uploaded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [data.documentId, data.requestId, data.organizationId, data.kind, data.mediaType, data.sizeBytes, data.disbursementId, data.removedMetadata.join(','), uploadedAt.toISOString()],
    );
  }

  async remove(documentId: string): Promise<void> {
    await this.db.query('DELETE FROM documents WHERE document_id = $1', [documentId]);
  }

  async ofRequest(requestId: string): Promise<CatalogEntry[]> {
    const { rows } = await this.db.query<Row>('SELECT * FROM documents WHERE request_id = $1 ORDER BY uploaded_at, document_id', [requestId]);
    return rows.map(entry);
  }

  async byId(documentId: string): Promise<CatalogEntry | null> {
    const { rows } = await this.db.query<Row>('SELECT * FROM documents WHERE document_id = $1', [documentId]);
    return rows[0] ? entry(rows[0]) : null;
  }

  async get(requestId: string, documentId: string): Promise<CatalogEntry | null> {
    const { rows } = await this.db.query<Row>('SELECT * FROM documents WHERE request_id = $1 AND document_id = $2', [requestId, documentId]);
    return rows[0] ? entry(rows[0]) : null;
  }
}
