import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, PgliteDatabase, type SqlDatabase } from '@fund/event-sourcing';
import { parseNarrativeKeyring } from '@fund/platform';
import { KeyEncryptionKeys, loadKeyEncryptionKeys, NarrativeKeyUnavailableError, WRAPPED_DATA_KEY_BYTES } from './key-encryption';
import { NarrativeVault } from './narrative-vault';

const MARKER = 'ZQX-VAULT-MARKER-5520';
const newKek = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;
function kekRing(text: string, currentId?: string): KeyEncryptionKeys {
  const { keyring, problems } = parseNarrativeKeyring(text, 'test', currentId);
  if (!keyring) throw new Error(problems.join('; '));
  return new KeyEncryptionKeys(keyring);
}

type KeyRow = { subject_id: string; data_key: Uint8Array | null; kek_id: string | null };
const keyRows = async (db: SqlDatabase) => (await db.query<KeyRow>('SELECT subject_id, data_key, kek_id FROM privacy_data_keys ORDER BY subject_id')).rows;

/** Decrypts a stored narrative with a given data key, without the vault: proves which key was really used. */
async function decryptDirectly(db: SqlDatabase, subjectId: string, dataKey: Buffer): Promise<string[]> {
  const { rows } = await db.query<{ iv: Uint8Array; ciphertext: Uint8Array; tag: Uint8Array }>(
    `SELECT iv, ciphertext, tag FROM privacy_narratives WHERE subject_id = $1 AND field = 'narrative' ORDER BY seq`,
    [subjectId],
  );
  return rows.map((r) => {
    const d = createDecipheriv('aes-256-gcm', dataKey, Buffer.from(r.iv));
    d.setAAD(Buffer.from(`${subjectId}\u0000narrative`));
    d.setAuthTag(Buffer.from(r.tag));
    return Buffer.concat([d.update(Buffer.from(r.ciphertext)), d.final()]).toString('utf8');
  });
}

/** Every row of every table as text (bytea shows as hex): what a dump of the database holds. */
async function wholeDatabaseText(db: SqlDatabase): Promise<string> {
  const { rows: tables } = await db.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`);
  const out: string[] = [];
  for (const { table_name } of tables) out.push(...(await db.query<{ row: string }>(`SELECT t::text AS row FROM "${table_name}" t`)).rows.map((r) => r.row));
  return out.join('\n');
}

async function openVault(db: SqlDatabase, keys: KeyEncryptionKeys): Promise<NarrativeVault> {
  const vault = new NarrativeVault(db, keys);
  await vault.migrate();
  await vault.prepare();
  return vault;
}

describe('NarrativeVault: envelope encryption', () => {
  let db: PgliteDatabase;
  beforeEach(async () => {
    db = await PgliteDatabase.open();
  });
  afterEach(async () => {
    await db.close();
  });

  it('stores every data key wrapped: the table never holds the key that encrypted the narrative', async () => {
    const kek = newKek('k1');
    const vault = await openVault(db, kekRing(kek));
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    for (const id of ids) {
      await vault.append(id, 'narrative', `first ${MARKER}`);
      await vault.append(id, 'narrative', `second ${MARKER}`);
    }
    const dump = await wholeDatabaseText(db);
    expect(dump).not.toContain(MARKER);
    const rows = await keyRows(db);
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.kek_id).toBe('k1');
      expect(row.data_key).toHaveLength(WRAPPED_DATA_KEY_BYTES);
      // The key the narrative was really encrypted with, recovered with the KEK alone...
      const used = kekRing(kek).unwrap(row.subject_id, 'k1', row.data_key as Uint8Array);
      expect(await decryptDirectly(db, row.subject_id, used)).toEqual([`first ${MARKER}`, `second ${MARKER}`]);
      // ...appears nowhere in the database, in any table, in any form a dump shows.
      expect(Buffer.from(row.data_key as Uint8Array).includes(used)).toBe(false);
      expect(dump).not.toContain(used.toString('hex'));
      expect(dump).not.toContain(used.toString('base64'));
      // And the stored bytes are not usable as the key either.
      await expect(decryptDirectly(db, row.subject_id, Buffer.from(row.data_key as Uint8Array).subarray(0, 32))).rejects.toThrow();
    }
    expect(await vault.read(ids[0] as string, 'narrative')).toEqual({ status: 'present', texts: [`first ${MARKER}`, `second ${MARKER}`] });
    expect(await vault.keyUsage()).toEqual({ byKek: { k1: 3 }, unwrapped: 0, shredded: 0 });
  });

  it('refuses plaintext keys at the database level, even from an older replica', async () => {
    await openVault(db, kekRing(newKek('k1')));
    await expect(db.query('INSERT INTO privacy_data_keys (subject_id, data_key) VALUES ($1, $2)', [randomUUID(), randomBytes(32)])).rejects.toThrow(/privacy_data_keys_wrapped/);
    await expect(db.query('INSERT INTO privacy_data_keys (subject_id, data_key, kek_id) VALUES ($1, $2, $3)', [randomUUID(), randomBytes(32), 'k1'])).rejects.toThrow(
      /privacy_data_keys_wrapped/,
    );
  });

  it('a wrong KEK reads nothing: a clear error naming the key id, no plaintext, and start-up is refused', async () => {
    const id = randomUUID();
    const vault = await openVault(db, kekRing(newKek('k1')));
    await vault.append(id, 'narrative', `text ${MARKER}`);

    const sameIdOtherKey = new NarrativeVault(db, kekRing(newKek('k1')));
    const attempt = sameIdOtherKey.read(id, 'narrative');
    await expect(attempt).rejects.toThrow(NarrativeKeyUnavailableError);
    await expect(attempt).rejects.toThrow(/key-encryption key "k1" does not unwrap/);
    await expect(attempt).rejects.not.toThrow(new RegExp(MARKER));
    await expect(sameIdOtherKey.prepare()).rejects.toThrow(/"k1" does not unwrap/);
    await expect(sameIdOtherKey.append(id, 'notes', 'more')).rejects.toThrow(NarrativeKeyUnavailableError);

    const otherId = new NarrativeVault(db, kekRing(newKek('k9')));
    await expect(otherId.read(id, 'narrative')).rejects.toThrow(/wrapped by the key-encryption key "k1", which is not configured/);
    await expect(otherId.prepare()).rejects.toThrow(/1 narrative key\(s\) are wrapped by the key-encryption key "k1", which is not configured/);
    // Refusing to start left the data as it was: the right KEK still reads it.
    expect((await vault.read(id, 'narrative')).status).toBe('present');
  });

  it('binds each wrapped key to its request: a wrapped key copied to another row does not open it', async () => {
    const vault = await openVault(db, kekRing(newKek('k1')));
    const [a, b] = [randomUUID(), randomUUID()];
    await vault.append(a, 'narrative', 'a');
    await vault.append(b, 'narrative', 'b');
    await db.query('UPDATE privacy_data_keys SET data_key = (SELECT data_key FROM privacy_data_keys WHERE subject_id = $1) WHERE subject_id = $2', [a, b]);
    await expect(vault.read(b, 'narrative')).rejects.toThrow(NarrativeKeyUnavailableError);
  });

  it('rotation re-wraps every live key with the new KEK (shredded ones stay NULL), after which the old KEK can be removed', async () => {
    const [k1, k2] = [newKek('k1'), newKek('k2')];
    const before = await openVault(db, kekRing(k1));
    const [live, shredded] = [randomUUID(), randomUUID()];
    await before.append(live, 'narrative', `live ${MARKER}`);
    await before.append(shredded, 'narrative', `gone ${MARKER}`);
    await before.shred(shredded);
    const dataKeyBefore = kekRing(k1).unwrap(live, 'k1', (await keyRows(db)).find((r) => r.subject_id === live)?.data_key as Uint8Array);

    // Removing k1 before rotating is refused: it would shred the live narrative.
    await expect(new NarrativeVault(db, kekRing(k2)).prepare()).rejects.toThrow(/"k1", which is not configured/);
    // Step 1 of a rotation: k2 is known everywhere but not yet used.
    expect(await new NarrativeVault(db, kekRing(`${k1},${k2}`, 'k1')).prepare()).toEqual({ wrapped: 0, rewrapped: 0 });
    // Step 2: k2 wraps new keys, and re-wraps the old ones.
    const during = new NarrativeVault(db, kekRing(`${k1}\n${k2}`, 'k2'));
    expect(await during.prepare()).toEqual({ wrapped: 0, rewrapped: 1 });
    expect(await during.rotate()).toBe(0);
    expect(await during.keyUsage()).toEqual({ byKek: { k2: 1 }, unwrapped: 0, shredded: 1 });
    const rows = await keyRows(db);
    expect(rows.find((r) => r.subject_id === shredded)).toMatchObject({ data_key: null, kek_id: null });
    // Same data key, new wrapping: the ciphertexts were not touched.
    expect(kekRing(k2).unwrap(live, 'k2', rows.find((r) => r.subject_id === live)?.data_key as Uint8Array)).toEqual(dataKeyBefore);

    // Step 3: k1 removed. Everything live still reads; the shredded narrative stays redacted.
    const after = new NarrativeVault(db, kekRing(k2));
    expect(await after.prepare()).toEqual({ wrapped: 0, rewrapped: 0 });
    expect(await after.read(live, 'narrative')).toEqual({ status: 'present', texts: [`live ${MARKER}`] });
    expect(await after.read(shredded, 'narrative')).toEqual({ status: 'redacted' });
    // k1 alone now opens nothing in this database.
    await expect(new NarrativeVault(db, kekRing(k1)).read(live, 'narrative')).rejects.toThrow(/"k2", which is not configured/);
  });

  it('shredding makes the narrative unreadable with the KEK, and leaves no key anywhere', async () => {
    const kek = newKek('k1');
    const vault = await openVault(db, kekRing(kek));
    const id = randomUUID();
    await vault.append(id, 'narrative', `secret ${MARKER}`);
    const wrapped = (await keyRows(db))[0]?.data_key as Uint8Array;
    const dataKey = kekRing(kek).unwrap(id, 'k1', wrapped);
    expect(await vault.shred(id)).toBe(true);
    expect(await vault.shred(id)).toBe(false);
    expect(await vault.read(id, 'narrative')).toEqual({ status: 'redacted' });
    await expect(vault.append(id, 'notes', 'more')).rejects.toThrow(/shredded/);
    expect(await keyRows(db)).toEqual([{ subject_id: id, data_key: null, kek_id: null }]);
    const dump = await wholeDatabaseText(db);
    expect(dump).not.toContain(Buffer.from(wrapped).toString('hex'));
    expect(dump).not.toContain(dataKey.toString('hex'));
    expect(dump).not.toContain(MARKER);
  });
});

describe('NarrativeVault: upgrading a database with unwrapped keys', () => {
  // The schema and the way the version before envelope encryption wrote keys and narratives.
  const V1 = {
    version: 1,
    name: 'narrative keys and ciphertexts',
    sql: `
CREATE TABLE privacy_data_keys (subject_id text PRIMARY KEY, data_key bytea, created_at timestamptz NOT NULL DEFAULT now(), shredded_at timestamptz);
CREATE TABLE privacy_narratives (subject_id text NOT NULL, field text NOT NULL, seq integer NOT NULL, iv bytea NOT NULL, ciphertext bytea NOT NULL, tag bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (subject_id, field, seq));
`,
  };
  async function oldAppend(db: SqlDatabase, subjectId: string, text: string): Promise<Buffer> {
    const key = randomBytes(32);
    await db.query('INSERT INTO privacy_data_keys (subject_id, data_key) VALUES ($1, $2)', [subjectId, key]);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(`${subjectId}\u0000narrative`));
    const ciphertext = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    await db.query(`INSERT INTO privacy_narratives (subject_id, field, seq, iv, ciphertext, tag) VALUES ($1, 'narrative', 1, $2, $3, $4)`, [
      subjectId,
      iv,
      ciphertext,
      cipher.getAuthTag(),
    ]);
    return key;
  }

  it('wraps every old-format key at start-up (in batches), keeps them readable, and is idempotent', async () => {
    const db = await PgliteDatabase.open();
    try {
      await migrate(db, 'privacy', [V1]);
      const old = randomUUID();
      const oldKey = await oldAppend(db, old, `old ${MARKER}`);
      const oldShredded = randomUUID();
      await oldAppend(db, oldShredded, 'shredded before the upgrade');
      await db.query('UPDATE privacy_data_keys SET data_key = NULL, shredded_at = now() WHERE subject_id = $1', [oldShredded]);
      // More keys than one batch, as a busy fund would have.
      await db.query(
        `INSERT INTO privacy_data_keys (subject_id, data_key) SELECT 'bulk-' || lpad(i::text, 5, '0'), decode(md5(i::text) || md5((i + 1)::text), 'hex') FROM generate_series(1, 1200) i`,
      );
      expect((await db.query('SELECT 1 FROM privacy_data_keys WHERE data_key = $1', [oldKey])).rows).toHaveLength(1);

      const kek = newKek('k1');
      const vault = new NarrativeVault(db, kekRing(kek));
      await vault.migrate();
      expect(await vault.keyUsage()).toEqual({ byKek: {}, unwrapped: 1201, shredded: 1 });
      expect(await vault.prepare()).toEqual({ wrapped: 1201, rewrapped: 0 });

      expect(await vault.keyUsage()).toEqual({ byKek: { k1: 1201 }, unwrapped: 0, shredded: 1 });
      const rows = await keyRows(db);
      for (const row of rows.filter((r) => r.subject_id !== oldShredded)) {
        expect(row.kek_id).toBe('k1');
        expect(row.data_key).toHaveLength(WRAPPED_DATA_KEY_BYTES);
      }
      expect(rows.find((r) => r.subject_id === oldShredded)).toMatchObject({ data_key: null, kek_id: null });
      // The very key the old version used is what the KEK now unwraps, and it is gone from the table.
      const wrapped = rows.find((r) => r.subject_id === old)?.data_key as Uint8Array;
      expect(kekRing(kek).unwrap(old, 'k1', wrapped)).toEqual(oldKey);
      expect(await wholeDatabaseText(db)).not.toContain(oldKey.toString('hex'));
      expect(await vault.read(old, 'narrative')).toEqual({ status: 'present', texts: [`old ${MARKER}`] });
      expect(await vault.read(oldShredded, 'narrative')).toEqual({ status: 'redacted' });
      // PostgreSQL now checks every row, old ones included.
      expect((await db.query<{ v: boolean }>(`SELECT convalidated AS v FROM pg_constraint WHERE conname = 'privacy_data_keys_wrapped'`)).rows).toEqual([{ v: true }]);

      // A second start (another replica, or a restart) finds nothing to do.
      const again = new NarrativeVault(db, kekRing(kek));
      await again.migrate();
      expect(await again.prepare()).toEqual({ wrapped: 0, rewrapped: 0 });
      expect(await again.read(old, 'narrative')).toEqual({ status: 'present', texts: [`old ${MARKER}`] });
    } finally {
      await db.close();
    }
  });
});

describe('NarrativeVault: a copy of the database (a backup) without the KEK', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'sf-vault-copy-'));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  /** Every byte of a database's files, as a backup tool would copy them. */
  function filesOf(dir: string): Buffer {
    const parts: Buffer[] = [];
    for (const name of readdirSync(dir, { recursive: true }) as string[]) {
      const path = join(dir, name);
      if (statSync(path).isFile()) parts.push(readFileSync(path));
    }
    return Buffer.concat(parts);
  }

  it('reads nothing: no plaintext or key in its files, a fresh installation refuses it, and only the KEK opens it', async () => {
    const live = join(root, 'live');
    const kek = newKek('prod-1');
    const db = await PgliteDatabase.open(live);
    const ids = [randomUUID(), randomUUID()];
    const dataKeys: Buffer[] = [];
    const wrappedKeys: Buffer[] = [];
    try {
      const vault = await openVault(db, kekRing(kek));
      for (const id of ids) await vault.append(id, 'narrative', `backup ${MARKER}`);
      for (const row of await keyRows(db)) {
        wrappedKeys.push(Buffer.from(row.data_key as Uint8Array));
        dataKeys.push(kekRing(kek).unwrap(row.subject_id, 'prod-1', row.data_key as Uint8Array));
      }
    } finally {
      await db.close();
    }
    const copy = join(root, 'copy');
    cpSync(live, copy, { recursive: true });

    const bytes = filesOf(copy);
    // The scan sees the table's bytes (the wrapped keys are there), yet no plaintext and no data key.
    for (const wrapped of wrappedKeys) expect(bytes.includes(wrapped)).toBe(true);
    expect(bytes.includes(Buffer.from(MARKER))).toBe(false);
    for (const key of dataKeys) expect(bytes.includes(key)).toBe(false);

    const copyDb = await PgliteDatabase.open(copy);
    try {
      // A wrong secret under the right id opens nothing, and says so before serving anything.
      const guessing = new NarrativeVault(copyDb, loadKeyEncryptionKeys({ DATA_DIR: join(root, 'x'), NODE_ENV: 'production', NARRATIVE_KEK: newKek('prod-1') }));
      await expect(guessing.prepare()).rejects.toThrow(/"prod-1" does not unwrap/);
      for (const id of ids) await expect(guessing.read(id, 'narrative')).rejects.toThrow(NarrativeKeyUnavailableError);
      // Someone starts the embedded default on the copy: a local KEK is generated; it opens nothing.
      const local = new NarrativeVault(copyDb, loadKeyEncryptionKeys({ DATA_DIR: join(root, 'stranger'), NODE_ENV: 'development' }));
      await expect(local.prepare()).rejects.toThrow(/"prod-1", which is not configured/);
      // The copy is complete: with the KEK it reads (this is why the KEK is backed up elsewhere).
      const owner = new NarrativeVault(copyDb, kekRing(kek));
      for (const id of ids) expect(await owner.read(id, 'narrative')).toEqual({ status: 'present', texts: [`backup ${MARKER}`] });
    } finally {
      await copyDb.close();
    }
  });

  it('a copy from before a shred reads the shredded narrative only while the KEK that wrapped it exists', async () => {
    const live = join(root, 'live');
    const [k1, k2] = [newKek('k1'), newKek('k2')];
    const id = randomUUID();
    const db = await PgliteDatabase.open(live);
    try {
      const vault = await openVault(db, kekRing(k1));
      await vault.append(id, 'narrative', `shred me ${MARKER}`);
    } finally {
      await db.close();
    }
    cpSync(live, join(root, 'backup'), { recursive: true }); // the nightly backup
    const again = await PgliteDatabase.open(live);
    try {
      const vault = new NarrativeVault(again, kekRing(k1));
      await vault.shred(id);
      // Rotation to k2, then k1 (and every copy of it) destroyed.
      expect(await new NarrativeVault(again, kekRing(`${k1},${k2}`, 'k2')).prepare()).toEqual({ wrapped: 0, rewrapped: 0 });
    } finally {
      await again.close();
    }
    const backup = await PgliteDatabase.open(join(root, 'backup'));
    try {
      // The residual risk the runbook's KEK retention rule is about:
      expect((await new NarrativeVault(backup, kekRing(k1)).read(id, 'narrative')).status).toBe('present');
      // Once k1 is gone, the backup is noise, even for the holder of the current KEK.
      await expect(new NarrativeVault(backup, kekRing(k2)).read(id, 'narrative')).rejects.toThrow(/"k1", which is not configured/);
    } finally {
      await backup.close();
    }
  });
});
