import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { migrate, type SqlDatabase, type SqlExecutor } from '@fund/event-sourcing';
import { NarrativeKeyUnavailableError, WRAPPED_DATA_KEY_BYTES, type KeyEncryptionKeys } from './key-encryption';

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
  {
    version: 2,
    name: 'narrative data keys wrapped by a key-encryption key',
    // data_key keeps its name and its NULL-means-shredded meaning (the retention sweep, the
    // restore runbook and older replicas during a rollout all rely on it), but from now on it
    // holds the data key wrapped by the KEK named in kek_id. The check refuses any new or
    // changed row holding a bare 32-byte key; rows from before are wrapped at start-up (then
    // the check is validated, so PostgreSQL itself vouches that no plaintext key is left).
    sql: `
ALTER TABLE privacy_data_keys ADD COLUMN kek_id text;
ALTER TABLE privacy_data_keys ADD CONSTRAINT privacy_data_keys_wrapped
  CHECK (data_key IS NULL OR (kek_id IS NOT NULL AND octet_length(data_key) = ${WRAPPED_DATA_KEY_BYTES})) NOT VALID;
COMMENT ON COLUMN privacy_data_keys.data_key IS 'The narrative data key wrapped (AES-256-GCM) by the key-encryption key kek_id, which is never stored here; NULL once shredded';
`,
  },
];

const BATCH = 500;

export type NarrativeRead = { readonly status: 'none' } | { readonly status: 'redacted' } | { readonly status: 'present'; readonly texts: readonly string[] };

/** What the start-up (or a rotation) did to the stored keys. */
export interface KeyMaintenance {
  /** Unwrapped keys from before envelope encryption, now wrapped. */
  readonly wrapped: number;
  /** Keys moved from a retired KEK to the current one. */
  readonly rewrapped: number;
}

/** Live data keys per KEK id, live keys still in the clear (from before envelope encryption), and shredded ones. */
export interface KeyUsage {
  readonly byKek: Readonly<Record<string, number>>;
  readonly unwrapped: number;
  readonly shredded: number;
}

type KeyRow = { readonly subject_id: string; readonly data_key: Uint8Array; readonly kek_id: string | null };

/**
 * Free text about a request, encrypted (AES-256-GCM) with a data key per request and kept
 * apart from the events, which only ever say "has a narrative". Each data key is stored
 * wrapped by a key-encryption key (KEK) that lives outside the database (NARRATIVE_KEK), so the
 * database or any backup of it reads nothing on its own. Shredding destroys the wrapped key:
 * every copy of the ciphertext, and of the database from then on, is unreadable. A backup from
 * before a shred stays readable only together with the KEK that wrapped the key, which is why
 * KEKs are rotated and retired ones destroyed (docs/runbook.md).
 */
export class NarrativeVault {
  constructor(
    private readonly db: SqlDatabase,
    private readonly keys: KeyEncryptionKeys,
  ) {}

  async migrate(): Promise<void> {
    await migrate(this.db, 'privacy', MIGRATIONS);
  }

  /**
   * Start-up: refuse KEKs that cannot read what is stored, wrap keys stored before envelope
   * encryption, and move keys off retired KEKs. Idempotent; safe with several processes at
   * once (rows are claimed with SKIP LOCKED, one transaction per batch).
   */
  async prepare(): Promise<KeyMaintenance> {
    await this.verifyKeys();
    const wrapped = await this.wrapUnwrappedKeys();
    const rewrapped = await this.rotate();
    await this.validateNoPlaintextCheck();
    return { wrapped, rewrapped };
  }

  /**
   * Every KEK id still wrapping a live key must be configured, and must be the key that wrapped
   * them: otherwise refuse to start, rather than serve errors, or wrap new keys beside keys
   * nobody can read (a retired KEK removed too early would silently shred its narratives).
   */
  async verifyKeys(): Promise<void> {
    const { rows } = await this.db.query<{ kek_id: string; n: string }>(
      'SELECT kek_id, count(*)::text AS n FROM privacy_data_keys WHERE data_key IS NOT NULL AND kek_id IS NOT NULL GROUP BY kek_id ORDER BY kek_id',
    );
    for (const { kek_id: kekId, n } of rows) {
      if (!this.keys.has(kekId)) {
        throw new NarrativeKeyUnavailableError(
          `${n} narrative key(s) are wrapped by the key-encryption key "${kekId}", which is not configured (NARRATIVE_KEK / NARRATIVE_KEK_FILE lists: ${this.keys.ids.join(', ')}). ` +
            'Put it back as a retired entry until rotation has re-wrapped them; removing it would shred them.',
        );
      }
      const sample = await this.db.query<KeyRow>('SELECT subject_id, data_key, kek_id FROM privacy_data_keys WHERE kek_id = $1 AND data_key IS NOT NULL LIMIT 1', [kekId]);
      const row = sample.rows[0];
      if (row) this.keys.unwrap(row.subject_id, kekId, row.data_key);
    }
  }

  /** Wraps data keys stored in the clear by versions before envelope encryption. */
  async wrapUnwrappedKeys(): Promise<number> {
    return this.rewrapBatches('kek_id IS NULL', [], (row) => Buffer.from(row.data_key));
  }

  /** Re-wraps every live data key not under the current KEK with it. Shredded keys stay NULL. */
  async rotate(): Promise<number> {
    return this.rewrapBatches('kek_id IS NOT NULL AND kek_id <> $2', [this.keys.currentId], (row) => this.keys.unwrap(row.subject_id, row.kek_id ?? '', row.data_key));
  }

  async keyUsage(): Promise<KeyUsage> {
    const { rows } = await this.db.query<{ kek_id: string | null; live: boolean; n: string }>(
      'SELECT kek_id, data_key IS NOT NULL AS live, count(*)::text AS n FROM privacy_data_keys GROUP BY 1, 2',
    );
    const byKek: Record<string, number> = {};
    let unwrapped = 0;
    let shredded = 0;
    for (const r of rows) {
      if (!r.live) shredded += Number(r.n);
      else if (r.kek_id === null) unwrapped += Number(r.n);
      else byKek[r.kek_id] = (byKek[r.kek_id] ?? 0) + Number(r.n);
    }
    return { byKek, unwrapped, shredded };
  }

  async append(subjectId: string, field: string, text: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const fresh = this.keys.wrap(subjectId, randomBytes(32));
      await tx.query(`INSERT INTO privacy_data_keys (subject_id, data_key, kek_id) VALUES ($1, $2, $3) ON CONFLICT (subject_id) DO NOTHING`, [
        subjectId,
        fresh.wrapped,
        fresh.kekId,
      ]);
      const { rows } = await tx.query<KeyRow>('SELECT subject_id, data_key, kek_id FROM privacy_data_keys WHERE subject_id = $1 FOR UPDATE', [subjectId]);
      const row = rows[0];
      if (!row?.data_key) throw new Error('The narrative key of this request was shredded; nothing more can be added');
      const key = await this.dataKeyOf(row, tx);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
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
    const { rows: keys } = await this.db.query<{ subject_id: string; data_key: Uint8Array | null; kek_id: string | null }>(
      'SELECT subject_id, data_key, kek_id FROM privacy_data_keys WHERE subject_id = $1',
      [subjectId],
    );
    const keyRow = keys[0];
    if (!keyRow) return { status: 'none' };
    if (!keyRow.data_key) return { status: 'redacted' };
    const key = await this.dataKeyOf({ ...keyRow, data_key: keyRow.data_key });
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

  /**
   * Encrypts bytes (a document) with the subject's data key, creating the key if the subject has
   * none yet, so they are destroyed with it by `shred`. Returns iv || ciphertext || tag, which is
   * safe to keep anywhere (another table, an object store); `null` once the key was shredded.
   */
  async sealBytes(subjectId: string, purpose: string, bytes: Uint8Array): Promise<Buffer | null> {
    return this.db.transaction(async (tx) => {
      const fresh = this.keys.wrap(subjectId, randomBytes(32));
      await tx.query(`INSERT INTO privacy_data_keys (subject_id, data_key, kek_id) VALUES ($1, $2, $3) ON CONFLICT (subject_id) DO NOTHING`, [subjectId, fresh.wrapped, fresh.kekId]);
      const { rows } = await tx.query<KeyRow>('SELECT subject_id, data_key, kek_id FROM privacy_data_keys WHERE subject_id = $1 FOR SHARE', [subjectId]);
      const row = rows[0];
      if (!row?.data_key) return null;
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', await this.dataKeyOf(row), iv);
      cipher.setAAD(Buffer.from(`${subjectId}\u0000bytes\u0000${purpose}`));
      const ciphertext = Buffer.concat([cipher.update(bytes), cipher.final()]);
      return Buffer.concat([iv, ciphertext, cipher.getAuthTag()]);
    });
  }

  /** The bytes `sealBytes` sealed for this subject and purpose; `null` once the key was shredded. */
  async openBytes(subjectId: string, purpose: string, sealed: Uint8Array): Promise<Buffer | null> {
    const { rows } = await this.db.query<KeyRow>('SELECT subject_id, data_key, kek_id FROM privacy_data_keys WHERE subject_id = $1', [subjectId]);
    const row = rows[0];
    if (!row?.data_key) return null;
    const box = Buffer.from(sealed);
    const decipher = createDecipheriv('aes-256-gcm', await this.dataKeyOf(row), box.subarray(0, 12));
    decipher.setAAD(Buffer.from(`${subjectId}\u0000bytes\u0000${purpose}`));
    decipher.setAuthTag(box.subarray(box.length - 16));
    return Buffer.concat([decipher.update(box.subarray(12, box.length - 16)), decipher.final()]);
  }

  /** Destroys the (wrapped) key; the ciphertext stays but no one can read it again. */
  async shred(subjectId: string): Promise<boolean> {
    const { rowCount } = await this.db.query(
      'UPDATE privacy_data_keys SET data_key = NULL, kek_id = NULL, shredded_at = now() WHERE subject_id = $1 AND data_key IS NOT NULL',
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

  /**
   * The data key of a live row. A key still stored in the clear (written by an older replica
   * before the check constraint existed) is used once and wrapped in place when we hold the row.
   */
  private async dataKeyOf(row: KeyRow, lockedBy?: SqlExecutor): Promise<Buffer> {
    if (row.kek_id !== null) return this.keys.unwrap(row.subject_id, row.kek_id, row.data_key);
    const key = Buffer.from(row.data_key);
    if (key.length !== 32) throw new NarrativeKeyUnavailableError('This narrative key is neither wrapped nor a data key');
    if (lockedBy) {
      const { kekId, wrapped } = this.keys.wrap(row.subject_id, key);
      await lockedBy.query('UPDATE privacy_data_keys SET data_key = $2, kek_id = $3 WHERE subject_id = $1', [row.subject_id, wrapped, kekId]);
    }
    return key;
  }

  /**
   * Claims live rows matching `where` in batches and stores each one's data key wrapped by the
   * current KEK, one transaction per batch: a crash loses at most a batch's work, never a key.
   */
  private async rewrapBatches(where: string, params: readonly unknown[], dataKey: (row: KeyRow) => Buffer): Promise<number> {
    let done = 0;
    for (;;) {
      const n = await this.db.transaction(async (tx) => {
        const { rows } = await tx.query<KeyRow>(
          `SELECT subject_id, data_key, kek_id FROM privacy_data_keys WHERE data_key IS NOT NULL AND ${where}
           ORDER BY subject_id LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [BATCH, ...params],
        );
        if (rows.length === 0) return 0;
        const ids: string[] = [];
        const wrappedHex: string[] = [];
        for (const row of rows) {
          ids.push(row.subject_id);
          wrappedHex.push(this.keys.wrap(row.subject_id, dataKey(row)).wrapped.toString('hex'));
        }
        // Arrays of text travel the same way through pg and PGlite; bytea arrays do not.
        await tx.query(
          `UPDATE privacy_data_keys k SET data_key = decode(v.wrapped, 'hex'), kek_id = $3
             FROM unnest($1::text[], $2::text[]) AS v(subject_id, wrapped) WHERE k.subject_id = v.subject_id`,
          [ids, wrappedHex, this.keys.currentId],
        );
        return rows.length;
      });
      if (n === 0) return done;
      done += n;
    }
  }

  /**
   * Once no clear key is left, let PostgreSQL check the old rows too (a no-op after the first
   * time). Only when this snapshot sees none: another process may still be wrapping its batch.
   */
  private async validateNoPlaintextCheck(): Promise<void> {
    const { rows } = await this.db.query<{ validated: boolean }>(
      `SELECT convalidated AS validated FROM pg_constraint WHERE conname = 'privacy_data_keys_wrapped' AND conrelid = 'privacy_data_keys'::regclass`,
    );
    if (rows[0]?.validated !== false) return;
    const left = await this.db.query('SELECT 1 FROM privacy_data_keys WHERE data_key IS NOT NULL AND kek_id IS NULL LIMIT 1');
    if (left.rows.length > 0) return;
    await this.db.query('ALTER TABLE privacy_data_keys VALIDATE CONSTRAINT privacy_data_keys_wrapped');
  }
}
