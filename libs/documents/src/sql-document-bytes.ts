import { migrate, type SqlDatabase } from '@fund/event-sourcing';
import type { DocumentBytes } from './document-bytes.port';

const MIGRATIONS = [
  {
    version: 1,
    name: 'document bytes, sealed with the request data key',
    sql: `
CREATE TABLE document_bytes (
  document_id text PRIMARY KEY,
  sealed bytea NOT NULL,
  stored_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON COLUMN document_bytes.sealed IS 'iv || AES-256-GCM ciphertext || tag, under the data key of the request (privacy_data_keys); unreadable once that key is shredded';
`,
  },
];

/** The default `DocumentBytes`: a table in the store's database (PostgreSQL or PGlite). */
export class SqlDocumentBytes implements DocumentBytes {
  constructor(private readonly db: SqlDatabase) {}

  async migrate(): Promise<void> {
    await migrate(this.db, 'document-bytes', MIGRATIONS);
  }

  async put(documentId: string, sealed: Buffer): Promise<void> {
    await this.db.query('INSERT INTO document_bytes (document_id, sealed) VALUES ($1, $2)', [documentId, sealed]);
  }

  async get(documentId: string): Promise<Buffer | null> {
    const { rows } = await this.db.query<{ sealed: Uint8Array }>('SELECT sealed FROM document_bytes WHERE document_id = $1', [documentId]);
    return rows[0] ? Buffer.from(rows[0].sealed) : null;
  }

  async delete(documentId: string): Promise<void> {
    await this.db.query('DELETE FROM document_bytes WHERE document_id = $1', [documentId]);
  }
}
