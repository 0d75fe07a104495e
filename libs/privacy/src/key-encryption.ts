import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError, parseNarrativeKeyring, type AppConfig, type NarrativeKeyring } from '@fund/platform';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const DATA_KEY_BYTES = 32;
/** iv || encrypted data key || tag: what `privacy_data_keys.data_key` holds once wrapped. */
export const WRAPPED_DATA_KEY_BYTES = IV_BYTES + DATA_KEY_BYTES + TAG_BYTES;
/** The id of the key generated into DATA_DIR/keys for the embedded default. */
export const LOCAL_KEK_ID = 'local';

/** A data key that cannot be unwrapped. Says which KEK and why, never any key material. */
export class NarrativeKeyUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NarrativeKeyUnavailableError';
  }
}

/**
 * Binds a wrapped data key to its row and to the KEK that wrapped it: a wrapped key copied to
 * another request's row, or relabelled with another KEK id, fails authentication instead of
 * decrypting someone else's narrative.
 */
function aad(subjectId: string, kekId: string): Buffer {
  return Buffer.from(`survivor-fund/narrative-data-key/v1\u0000${subjectId}\u0000${kekId}`, 'utf8');
}

/**
 * The key-encryption keys (AES-256-GCM) that wrap narrative data keys. Random 96-bit IVs are
 * safe far beyond the number of keys one KEK will ever wrap (one per request with a narrative).
 */
export class KeyEncryptionKeys {
  private readonly byId: ReadonlyMap<string, Buffer>;

  constructor(private readonly keyring: NarrativeKeyring) {
    this.byId = new Map(keyring.entries.map((e) => [e.id, e.key]));
  }

  get currentId(): string {
    return this.keyring.current.id;
  }

  get ids(): readonly string[] {
    return [...this.byId.keys()];
  }

  has(kekId: string): boolean {
    return this.byId.has(kekId);
  }

  wrap(subjectId: string, dataKey: Uint8Array): { readonly kekId: string; readonly wrapped: Buffer } {
    if (dataKey.length !== DATA_KEY_BYTES) throw new Error('A narrative data key is 32 bytes');
    const { id, key } = this.keyring.current;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(aad(subjectId, id));
    const encrypted = Buffer.concat([cipher.update(dataKey), cipher.final()]);
    return { kekId: id, wrapped: Buffer.concat([iv, encrypted, cipher.getAuthTag()]) };
  }

  unwrap(subjectId: string, kekId: string, wrapped: Uint8Array): Buffer {
    const key = this.byId.get(kekId);
    if (!key) {
      throw new NarrativeKeyUnavailableError(
        `This narrative key is wrapped by the key-encryption key "${kekId}", which is not configured (NARRATIVE_KEK / NARRATIVE_KEK_FILE lists: ${this.ids.join(', ')})`,
      );
    }
    const bytes = Buffer.from(wrapped);
    if (bytes.length !== WRAPPED_DATA_KEY_BYTES) throw new NarrativeKeyUnavailableError(`This narrative key is not a wrapped key (${bytes.length} bytes)`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
      decipher.setAAD(aad(subjectId, kekId));
      decipher.setAuthTag(bytes.subarray(IV_BYTES + DATA_KEY_BYTES));
      return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, IV_BYTES + DATA_KEY_BYTES)), decipher.final()]);
    } catch {
      throw new NarrativeKeyUnavailableError(
        `The configured key-encryption key "${kekId}" does not unwrap this narrative key: it is not the key that wrapped it (a different NARRATIVE_KEK under the same id, or a database from another installation)`,
      );
    }
  }
}

export function localKekPath(dataDir: string): string {
  return join(dataDir, 'keys', 'narrative-kek.key');
}

/**
 * The embedded default's KEK, generated once like the local signing key. It protects copies of
 * the database files that leave the machine without DATA_DIR/keys; production refuses it.
 */
export function loadOrCreateLocalKekText(dataDir: string): string {
  const path = localKekPath(dataDir);
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    try {
      writeFileSync(path, `${LOCAL_KEK_ID}:${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
      chmodSync(path, 0o600);
    } catch (error) {
      // Another process created it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return readFileSync(path, 'utf8');
}

type KekSettings = Pick<AppConfig, 'NARRATIVE_KEK' | 'NARRATIVE_KEK_FILE' | 'NARRATIVE_KEK_ID' | 'DATA_DIR' | 'NODE_ENV'>;

/** The KEKs this process uses, from the configuration (or the generated local one). */
export function loadKeyEncryptionKeys(settings: KekSettings): KeyEncryptionKeys {
  let text: string;
  let source: string;
  if (settings.NARRATIVE_KEK !== undefined) {
    [text, source] = [settings.NARRATIVE_KEK, 'NARRATIVE_KEK'];
  } else if (settings.NARRATIVE_KEK_FILE !== undefined) {
    source = 'NARRATIVE_KEK_FILE';
    try {
      text = readFileSync(settings.NARRATIVE_KEK_FILE, 'utf8');
    } catch (error) {
      throw new ConfigError([`NARRATIVE_KEK_FILE: cannot read ${settings.NARRATIVE_KEK_FILE} (${(error as NodeJS.ErrnoException).code ?? 'error'})`]);
    }
  } else if (settings.NODE_ENV === 'production') {
    throw new ConfigError(['NARRATIVE_KEK (or NARRATIVE_KEK_FILE) is required when NODE_ENV=production']);
  } else {
    [text, source] = [loadOrCreateLocalKekText(settings.DATA_DIR), localKekPath(settings.DATA_DIR)];
  }
  const { keyring, problems } = parseNarrativeKeyring(text, source, settings.NARRATIVE_KEK_ID);
  if (!keyring) throw new ConfigError(problems);
  return new KeyEncryptionKeys(keyring);
}
