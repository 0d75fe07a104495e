import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The embedded default signs its own tokens with a secret generated into the data folder on
 * first start. Production uses an OIDC issuer instead (a later issue).
 */
export function localSigningKeyPath(dataDir: string): string {
  return join(dataDir, 'keys', 'local-jwt.key');
}

export function loadOrCreateLocalSigningKey(dataDir: string): Uint8Array {
  const path = localSigningKeyPath(dataDir);
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(path, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600);
  }
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  if (key.length < 32) throw new Error(`${path} holds a key shorter than 256 bits`);
  return new Uint8Array(key);
}
