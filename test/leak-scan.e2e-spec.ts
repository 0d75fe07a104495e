import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { loadOrCreateLocalSigningKey, mintLocalToken } from '@fund/auth';
import { PgliteDatabase, type Role } from '@fund/event-sourcing';
import { DEMO_PROTOCOL_RULES } from '@fund/protocols';
import { FIXTURE_AUTHOR, FIXTURE_CAMERA_MAKE, jpegWithGps, metadataFound, pngWithMetadata } from '@fund/documents/testing';
import { WrittenPositions } from './support/consistency';
import { servicePort, waitForHealth } from './support/service';

const ROOT = join(__dirname, '..');
const NARRATIVE_MARKER = 'ZQX-NARRATIVE-7731';
const NOTE_MARKER = 'ZQX-NOTE-4410';

/**
 * The real service, as a process, driven through a whole fund life with narratives carrying
 * marker strings. Then everything it wrote or said is searched: the event table, every other
 * table, its logs, every API answer and every export. The markers exist only as ciphertext.
 */
describe('nothing identifying leaks (black box, real process)', () => {
  let child: ChildProcess;
  let dataDir: string;
  let logs = '';
  const port = servicePort();
  const base = `http://127.0.0.1:${port}`;
  const tokens: Record<string, string> = {};
  const answers: string[] = [];
  const written = new WrittenPositions();
  let reference = '';
  let shreddedId = '';
  /** Documents as their own organization downloads them (entitled, so not in `answers`). */
  const downloads: Buffer[] = [];

  async function call(method: 'GET' | 'POST', path: string, who: string, body?: object): Promise<{ status: number; text: string; json: Record<string, unknown> }> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json', ...(method === 'GET' ? written.header() : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    written.note(res.headers);
    const text = Buffer.from(await res.arrayBuffer()).toString('latin1');
    answers.push(text);
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // exports are CSV / XLSX
    }
    if (res.status >= 300 && !path.includes('/narrative')) throw new Error(`${method} ${path} -> ${res.status} ${text.slice(0, 200)}`);
    return { status: res.status, text, json };
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sf-leak-'));
    child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'apps/api/src/main.ts')], {
      cwd: ROOT,
      // The lowest floor the coalition may configure, so reports publish the smallest cells there are to scan.
      env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'debug', RATE_LIMIT_WRITES_PER_MINUTE: '10000', REPORT_SUPPRESSION_THRESHOLD: '3' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => (logs += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (logs += d.toString()));
    await waitForHealth(base, child, () => logs);
    const key = loadOrCreateLocalSigningKey(dataDir);
    const users: [string, Role, string][] = [
      ['coord', 'coordinator', 'coalition'],
      ['payer', 'coordinator', 'coalition'],
      ['adv', 'provider', 'org-a'],
      ['m1', 'council', 'org-b'],
      ['m2', 'council', 'org-c'],
      ['auditor', 'auditor', 'coalition'],
      ['funder', 'funder', 'board'],
    ];
    for (const [userId, role, organizationId] of users) tokens[userId] = await mintLocalToken(key, { userId, role, organizationId });

    await call('POST', '/protocols/bootstrap', 'coord', { version: '2026-1', title: 'Protocol', rules: DEMO_PROTOCOL_RULES });
    await call('POST', '/funds', 'coord', { fundId: 'general', name: 'General', restricted: false });
    await call('POST', '/donations/monetary', 'coord', { fundId: 'general', amountCents: 100_000, restricted: false, donorKind: 'individual', receivedOn: '2026-10-01' });
    await call('POST', '/organizations', 'coord', { organizationId: 'org-a', providerType: 'immigrant_services', county: 'androscoggin' });
    reference = String((await call('POST', '/survivor-references', 'adv')).json.reference);
    const submit = async (amountCents: number) =>
      String(
        (
          await call('POST', '/fund-requests', 'adv', {
            survivorReference: reference,
            category: 'lodging',
            amountCents,
            paymentMethod: 'vendor_payment',
            urgency: 'urgent',
            neededBy: '2099-01-01',
            narrative: `Three motel nights after leaving the situation ${NARRATIVE_MARKER}`,
            demographics: { ageBand: '18_24', traffickingType: 'labor' },
          })
        ).json.requestId,
      );
    const id = await submit(30_000);
    await call('POST', `/fund-requests/${id}/information-requests`, 'm1', { questionCode: 'vendor_details' });
    await call('POST', `/fund-requests/${id}/information`, 'adv', { note: `The motel takes direct payment ${NOTE_MARKER}` });
    await call('POST', `/fund-requests/${id}/votes`, 'm1', { vote: 'approve', amountCents: 30_000 });
    await call('POST', `/fund-requests/${id}/votes`, 'm2', { vote: 'approve', amountCents: 30_000 });
    const paid = await call('POST', `/fund-requests/${id}/disbursements`, 'payer', { source: 'money', amountCents: 27_000, paymentMethod: 'vendor_payment' });
    await call('POST', `/fund-requests/${id}/disbursements/${String(paid.json.disbursementId)}/receipt`, 'adv', { amountCents: 27_000 });
    // A phone photo of the receipt, carrying GPS, author, camera and the marker in a comment; and a PNG with the same in its text chunks.
    for (const [bytes, type] of [
      [jpegWithGps(`Receipt photo ${NARRATIVE_MARKER}`), 'image/jpeg'],
      [pngWithMetadata(), 'image/png'],
    ] as const) {
      const res = await fetch(`${base}/fund-requests/${id}/documents?kind=receipt&disbursementId=${String(paid.json.disbursementId)}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.adv}`, 'content-type': type },
        body: bytes,
      });
      const text = await res.text();
      answers.push(text);
      if (res.status !== 201) throw new Error(`document upload -> ${res.status} ${text.slice(0, 200)}`);
      written.note(res.headers);
      const documentId = String((JSON.parse(text) as { documentId: string }).documentId);
      const got = await fetch(`${base}/fund-requests/${id}/documents/${documentId}`, { headers: { authorization: `Bearer ${tokens.adv}` } });
      if (got.status !== 200) throw new Error(`document download -> ${got.status}`);
      downloads.push(Buffer.from(await got.arrayBuffer()));
    }
    await call('POST', `/fund-requests/${id}/closure`, 'coord');
    shreddedId = await submit(5_000);
    await call('POST', `/fund-requests/${shreddedId}/withdrawal`, 'adv');

    // The narrative is really there (for those entitled), then shredded.
    expect((await call('GET', `/fund-requests/${id}/narrative`, 'm1')).text).toContain(NARRATIVE_MARKER);
    await call('POST', `/fund-requests/${shreddedId}/narrative/shred`, 'coord');
    expect((await call('GET', `/fund-requests/${shreddedId}/narrative`, 'adv')).json.narrative).toBe('redacted');
    answers.length = 0; // the narrative answers above were the one entitled exception

    // Every read a non-entitled recipient gets, and every export.
    // (Each read below sends the last write's position, so the read models it uses have caught up.)
    const today = new Date().toISOString().slice(0, 10);
    const fy = new Date().getUTCMonth() >= 9 ? new Date().getUTCFullYear() + 1 : new Date().getUTCFullYear();
    const q = [2, 2, 2, 3, 3, 3, 4, 4, 4, 1, 1, 1][new Date().getUTCMonth()];
    for (const [path, who] of [
      [`/fund-requests/${id}`, 'm1'],
      [`/fund-requests/${id}`, 'auditor'],
      ['/queues/council', 'm2'],
      ['/queues/payments', 'coord'],
      ['/ledger', 'auditor'],
      [`/ledger/export.csv?from=2026-01-01&to=${today}`, 'auditor'],
      ['/ledger/periods', 'auditor'],
      ['/ledger/gift-cards', 'auditor'],
      ['/ledger/gift-cards/export.csv', 'auditor'],
      // The period in progress, which only staff may read (a funder reads closed periods only);
      // what a report holds does not depend on who reads it.
      [`/reports/quarterly?fiscalYear=${fy}&quarter=${q}`, 'coord'],
      [`/reports/quarterly/export?fiscalYear=${fy}&quarter=${q}&format=csv`, 'coord'],
      [`/reports/quarterly/export?fiscalYear=${fy}&quarter=${q}&format=xlsx`, 'coord'],
      [`/reports/semi-annual/export?year=${new Date().getUTCFullYear()}&half=${new Date().getUTCMonth() < 6 ? 1 : 2}&format=csv`, 'coord'],
      [`/reports/statewide?fiscalYear=${fy}`, 'coord'],
      [`/reports/statewide/export?fiscalYear=${fy}&quarter=${q}&format=xlsx`, 'coord'],
      [`/fund-requests/${id}/documents`, 'auditor'],
      [`/access-log?day=${today}`, 'auditor'],
      ['/metrics', 'auditor'],
    ] as const) {
      await call('GET', path, who);
    }
    // The evidence pack of the paid request: every file in it, unzipped, joins the answers scanned.
    const pack = await fetch(`${base}/fund-requests/${id}/disbursements/${String(paid.json.disbursementId)}/evidence-pack`, { headers: { authorization: `Bearer ${tokens.auditor}` } });
    if (pack.status !== 200) throw new Error(`evidence pack -> ${pack.status}`);
    const zip = await JSZip.loadAsync(Buffer.from(await pack.arrayBuffer()));
    for (const name of Object.keys(zip.files)) answers.push((await zip.file(name)!.async('nodebuffer')).toString('latin1'));
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }, 360_000);

  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps the markers out of every table, as plaintext', async () => {
    const db = await PgliteDatabase.open(join(dataDir, 'pglite'));
    try {
      const { rows: tables } = await db.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`);
      expect(tables.length).toBeGreaterThan(15);
      const hits: string[] = [];
      for (const { table_name } of tables) {
        const { rows } = await db.query<{ row: string }>(`SELECT t::text AS row FROM "${table_name}" t`);
        for (const { row } of rows) {
          if (row.includes(NARRATIVE_MARKER) || row.includes(NOTE_MARKER)) hits.push(table_name);
          // Reports and the ledger never hold a survivor reference.
          if ((table_name.startsWith('reporting_') || table_name.startsWith('ledger_')) && row.includes(reference)) hits.push(`${table_name} (reference)`);
        }
      }
      expect(hits).toEqual([]);
      // The shredded request's ciphertext remains, its key does not: it can never be read again.
      const key = await db.query<{ data_key: Uint8Array | null }>('SELECT data_key FROM privacy_data_keys WHERE subject_id = $1', [shreddedId]);
      expect(key.rows[0]?.data_key).toBeNull();
      expect((await db.query('SELECT 1 FROM privacy_narratives WHERE subject_id = $1', [shreddedId])).rows).toHaveLength(1);
    } finally {
      await db.close();
    }
  });

  it('keeps the marker and the stripped GPS, author and camera out of stored document bytes, every table, and the downloads', async () => {
    const db = await PgliteDatabase.open(join(dataDir, 'pglite'));
    try {
      const { rows } = await db.query<{ sealed: Uint8Array }>('SELECT sealed FROM document_bytes');
      expect(rows).toHaveLength(2);
      for (const { sealed } of rows) {
        expect(metadataFound(sealed)).toEqual([]);
        expect(Buffer.from(sealed).includes(Buffer.from(NARRATIVE_MARKER))).toBe(false);
      }
      const { rows: tables } = await db.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`);
      const hits: string[] = [];
      for (const { table_name } of tables) {
        const { rows: all } = await db.query<{ row: string }>(`SELECT t::text AS row FROM "${table_name}" t`);
        if (all.some(({ row }) => row.includes(FIXTURE_AUTHOR) || row.includes(FIXTURE_CAMERA_MAKE))) hits.push(table_name);
      }
      expect(hits).toEqual([]);
    } finally {
      await db.close();
    }
    // What the entitled reader gets back is the cleaned document: the marker was only in its metadata.
    expect(downloads).toHaveLength(2);
    for (const bytes of downloads) {
      expect(metadataFound(bytes)).toEqual([]);
      expect(bytes.includes(Buffer.from(NARRATIVE_MARKER))).toBe(false);
    }
    expect(logs).not.toContain(FIXTURE_AUTHOR);
  });

  it('keeps markers, tokens and references out of the logs', () => {
    expect(logs.length).toBeGreaterThan(1_000);
    expect(logs).not.toContain(NARRATIVE_MARKER);
    expect(logs).not.toContain(NOTE_MARKER);
    expect(logs).not.toContain(reference);
    for (const token of Object.values(tokens)) expect(logs).not.toContain(token.split('.')[2]);
  });

  it('keeps markers out of every answer and export a non-entitled reader gets, and references out of reports', () => {
    expect(answers.length).toBeGreaterThan(10);
    const all = answers.join('\n');
    expect(all).not.toContain(NARRATIVE_MARKER);
    expect(all).not.toContain(NOTE_MARKER);
    expect(answers.filter((a) => a.includes(reference))).toEqual([]);
  });
});
