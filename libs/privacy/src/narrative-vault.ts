import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { migrate, type SqlDatabase } from '@fund/event-sourcing';

const MIGRATIONS = [
  {
    version: 1,
    name: 'narrative keys and ciphertexts',
    sql: `
CREATE TABLE privacy_data_keys (
  subject_id text PRIMARY KEY,
  data_key bytea,
  created_at timestamptz NOT NULL DEFAULT now(),
  shredded_at timestamptz
);
CREATE TABLE privacy_narratives (
  subject_id text NOT NULL,
  field text NOT NULL,
  seq integer NOT NULL,
  iv bytea NOT NULL,
  ciphertext bytea NOT NULL,
  tag bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (subject_id, field, seq)
);
`,
  },
];

export type NarrativeRead = { readonly status: 'none' } | { readonly status: 'redacted' } | { readonly status: 'present'; readonly texts: readonly string[] };

/**
 * Free text about a request, encrypted (AES-256-GCM) with a data key per request and kept
 * apart from the events, which only ever say "has a narrative". Destroying the key (shredding)
 * makes every copy of the ciphertext unreadable. The keys sit unwrapped in this database, so a
 * backup taken before a shred can still read it: keep key backups on a short retention (see
 * docs/runbook.md) until the keys move to a separate store or are wrapped by a KMS key.
 */
export class NarrativeVault {
  constructor(private readonly db: SqlDatabase) {}

  async migrate(): Promise<void> {
    await migrate(this.db, 'privacy', MIGRATIONS);
  }

  async append(subjectId: string, field: string, text: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(`INSERT INTO privacy_data_keys (subject_id, data_key) VALUES ($1, $2) ON CONFLICT (subject_id) DO NOTHING`, [
        subjectId,
        randomBytes(32),
      ]);
      const { rows } = await tx.query<{ data_key: Uint8Array | null }>('SELECT data_key FROM privacy_data_keys WHERE subject_id = $1 FOR UPDATE', [subjectId]);
      const key = rows[0]?.data_key;
      if (!key) throw new Error('The narrative key of this request was shredded; nothing more can be added');
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', Buffer.from(key), iv);
      cipher.setAAD(Buffer.from(`${subjectId}\u0000${field}`));
      const ciphertext = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      await tx.query(
        `INSERT INTO privacy_narratives (subject_id, field, seq, iv, ciphertext, tag)
         SELECT $1, $2, coalesce(max(seq), 0) + 1, $3, $4, $5 FROM privacy_narratives WHERE subject_id = $1 AND field = $2`,
        [subjectId, field, iv, ciphertext, cipher.getAuthTag()],
      );
    });
  }

  async read(subjectId: string, field: string): Promise<NarrativeRead> {
    const { rows: keys } = await this.db.query<{ data_key: Uint8Array | null }>('SELECT data_key FROM privacy_data_keys WHERE subject_id = $1', [subjectId]);
    const keyRow = keys[0];
    if (!keyRow) return { status: 'none' };
    if (!keyRow.data_key) return { status: 'redacted' };
    const key = Buffer.from(keyRow.data_key);
    const { rows } = await this.db.query<{ iv: Uint8Array; ciphertext: Uint8Array; tag: Uint8Array }>(
      'SELECT iv, ciphertext, tag FROM privacy_narratives WHERE subject_id = $1 AND field = $2 ORDER BY seq',
      [subjectId, field],
    );
    if (rows.length === 0) return { status: 'none' };
    const texts = rows.map((r) => {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(r.iv));
      decipher.setAAD(Buffer.from(`${subjectId}\u0000${field}`));
      decipher.setAuthTag(Buffer.from(r.tag));
      return Buffer.concat([decipher.update(Buffer.from(r.ciphertext)), decipher.final()]).toString('utf8');
    });
    return { status: 'present', texts };
  }

  /** Destroys the key; the ciphertext stays but no one can read it again. */
  async shred(subjectId: string): Promise<boolean> {
    const { rowCount } = await this.db.query(
      'UPDATE privacy_data_keys SET data_key = NULL, shredded_at = now() WHERE subject_id = $1 AND data_key IS NOT NULL',
      [subjectId],
    );
    return rowCount > 0;
  }

  /** Removes what a refused command stored before its events were refused. */
  async discard(subjectId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM privacy_narratives WHERE subject_id = $1', [subjectId]);
      await tx.query('DELETE FROM privacy_data_keys WHERE subject_id = $1', [subjectId]);
    });
  }
}
