import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@fund/platform';
import { loadKeyEncryptionKeys, localKekPath, LOCAL_KEK_ID, NarrativeKeyUnavailableError } from './key-encryption';

describe('loadKeyEncryptionKeys', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sf-kek-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('generates the embedded default once into DATA_DIR/keys, readable by its owner only', () => {
    const first = loadKeyEncryptionKeys({ DATA_DIR: dir, NODE_ENV: 'development' });
    const path = localKekPath(dir);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'keys')).mode & 0o777).toBe(0o700);
    expect(first.currentId).toBe(LOCAL_KEK_ID);
    const content = readFileSync(path, 'utf8');
    const again = loadKeyEncryptionKeys({ DATA_DIR: dir, NODE_ENV: 'development' });
    expect(readFileSync(path, 'utf8')).toBe(content);
    // The same key: what one start wrapped, the next start unwraps.
    const dataKey = randomBytes(32);
    const { kekId, wrapped } = first.wrap('subject-1', dataKey);
    expect(again.unwrap('subject-1', kekId, wrapped)).toEqual(dataKey);
  });

  it('never generates one in production', () => {
    expect(() => loadKeyEncryptionKeys({ DATA_DIR: dir, NODE_ENV: 'production' })).toThrow(/NARRATIVE_KEK \(or NARRATIVE_KEK_FILE\) is required when NODE_ENV=production/);
    expect(() => statSync(localKekPath(dir))).toThrow();
  });

  it('reads a mounted secret file, and names the setting (never the content) when it is wrong', () => {
    const file = join(dir, 'narrative-kek');
    const key = randomBytes(32).toString('base64');
    writeFileSync(file, `kek-2026-01:${key}\n`);
    expect(loadKeyEncryptionKeys({ DATA_DIR: dir, NODE_ENV: 'production', NARRATIVE_KEK_FILE: file }).currentId).toBe('kek-2026-01');

    writeFileSync(file, `kek-2026-01:${key.slice(0, 20)}\n`);
    const bad = () => loadKeyEncryptionKeys({ DATA_DIR: dir, NODE_ENV: 'production', NARRATIVE_KEK_FILE: file });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/NARRATIVE_KEK_FILE must list one or more <id>:<base64 of 32 random bytes>/);
    expect(bad).not.toThrow(new RegExp(key.slice(0, 20).replace(/[+/]/g, '.')));
    expect(() => loadKeyEncryptionKeys({ DATA_DIR: dir, NODE_ENV: 'production', NARRATIVE_KEK_FILE: join(dir, 'missing') })).toThrow(/NARRATIVE_KEK_FILE: cannot read .*missing \(ENOENT\)/);
  });

  it('wraps with the current key, unwraps with any listed one, and refuses unknown ids', () => {
    const [k1, k2] = [`k1:${randomBytes(32).toString('base64')}`, `k2:${randomBytes(32).toString('base64')}`];
    const old = loadKeyEncryptionKeys({ DATA_DIR: dir, NODE_ENV: 'production', NARRATIVE_KEK: k1 });
    const both = loadKeyEncryptionKeys({ DATA_DIR: dir, NODE_ENV: 'production', NARRATIVE_KEK: `${k1},${k2}`, NARRATIVE_KEK_ID: 'k2' });
    const dataKey = randomBytes(32);
    const byOld = old.wrap('s', dataKey);
    expect(byOld.kekId).toBe('k1');
    expect(both.unwrap('s', 'k1', byOld.wrapped)).toEqual(dataKey);
    expect(both.wrap('s', dataKey).kekId).toBe('k2');
    expect(() => old.unwrap('s', 'k2', both.wrap('s', dataKey).wrapped)).toThrow(NarrativeKeyUnavailableError);
    // Bound to the subject and to the KEK id: relabelling either fails authentication.
    expect(() => both.unwrap('other', 'k1', byOld.wrapped)).toThrow(/does not unwrap/);
  });
});
