import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PgliteDatabase, SqlEventStore, SubscriptionRunner } from '@fund/event-sourcing';
import { ReportingProjection } from '../reporting.projection';
import { quarterlyReport } from '../reports';
import { appendAll, ev, type StreamEvent } from '../testing/events';
import { reportDocument, type ExportDocument } from './export-document';
import { writePdf } from './pdf-export';
import { writeXlsx } from './xlsx-export';

/**
 * What a grants manager prints. The workbook is rendered by LibreOffice (headless, as a reader's
 * spreadsheet would print it) and the board PDF is read back with pdfinfo: both must be a
 * sensible number of landscape pages. Skipped, saying so, where LibreOffice or poppler is missing.
 * PRINT_KEEP=<dir> keeps the files there, to look at the pages.
 */

const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;
const soffice = has('soffice') ? 'soffice' : null;
const pdfinfo = has('pdfinfo');

interface PdfInfo {
  readonly pages: number;
  readonly width: number;
  readonly height: number;
}

function info(file: string): PdfInfo {
  const out = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const pages = Number(/Pages:\s+(\d+)/.exec(out)?.[1]);
  const size = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(out);
  return { pages, width: Number(size?.[1]), height: Number(size?.[2]) };
}

/** Every page of a PDF, landscape or not (pdfinfo -l lists each). */
function allLandscape(file: string, pages: number): boolean {
  const out = execFileSync('pdfinfo', ['-f', '1', '-l', String(pages), file], { encoding: 'utf8' });
  const sizes = [...out.matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
  const rotations = [...out.matchAll(/Page\s+\d+ rot:\s+(\d+)/g)].map((m) => Number(m[1]));
  return sizes.length === pages && sizes.every(([w, h], i) => ((rotations[i] ?? 0) % 180 === 0 ? w > h : h > w));
}

/** A busy quarter: four agencies, most categories and counties, some small cells. */
function history(): StreamEvent[] {
  const orgs = [
    ['org-sa', 'sexual_assault_center', 'cumberland'],
    ['org-dv', 'domestic_violence_center', 'penobscot'],
    ['org-im', 'immigrant_services', 'york'],
    ['org-at', 'anti_trafficking_program', 'kennebec'],
  ] as const;
  const categories = ['groceries', 'lodging', 'transportation', 'medical', 'phone_card', 'clothing', 'childcare', 'winter_gear'];
  const ages = ['0_12', '13_17', '18_24', '25_59', '60_plus', 'not_collected'];
  const out: StreamEvent[] = orgs.map(([id, type, county]) => ev.organizationRegistered(id, type, county, '2025-01-01T09:00:00.000Z'));
  for (let i = 0; i < 140; i++) {
    const at = Date.parse('2025-10-02T10:00:00Z') + (i % 85) * 86_400_000 + i * 60_000;
    const iso = (t: number) => new Date(t).toISOString();
    const id = `req-${i}`;
    const amount = (10 + ((i * 37) % 190)) * 100;
    const method = i % 3 === 0 ? 'gift_card' : 'vendor_payment';
    out.push(
      ev.submitted(
        id,
        {
          reference: `SR-PRNT-${String(i % 90).padStart(4, '0')}-ZZZZ`,
          organizationId: orgs[i % 4]![0],
          category: categories[(i * 7) % categories.length]!,
          amountCents: amount,
          paymentMethod: method,
          urgency: i % 5 === 0 ? 'urgent' : 'standard',
          demographics: { ageBand: ages[i % ages.length]!, traffickingType: ['sex', 'labor', 'both', 'not_collected'][i % 4]!, gender: ['female', 'male', 'non_binary', 'not_collected'][(i * 3) % 4]! },
        },
        iso(at),
      ),
    );
    if (i % 9 === 4) {
      out.push(ev.denied(id, iso(at + 3_600_000)));
      continue;
    }
    out.push(ev.approved(id, amount, iso(at + 3_600_000)), ev.moneyReserved(id, amount, iso(at + 3_600_000)));
    if (i % 6 !== 5) out.push(ev.disbursed(id, `d-${i}`, { amountCents: amount, paymentMethod: method }, iso(at + 86_400_000)), ev.moneyDisbursed(id, `d-${i}`, amount, iso(at + 86_400_000)));
  }
  return out;
}

const describeIfTools = soffice && pdfinfo ? describe : describe.skip;
if (!soffice || !pdfinfo) {
  // eslint-disable-next-line no-console
  console.log(`print.int-spec skipped: ${!soffice ? 'LibreOffice (soffice) is not installed' : 'pdfinfo (poppler) is not installed'}`);
}

describeIfTools('exports a grants manager prints', () => {
  let doc: ExportDocument;
  let dir: string;

  beforeAll(async () => {
    dir = process.env.PRINT_KEEP ?? mkdtempSync(join(tmpdir(), 'print-'));
    const db = await PgliteDatabase.open();
    const store = await SqlEventStore.create(db);
    const runner = new SubscriptionRunner(store, db, new ReportingProjection());
    await runner.prepare();
    await appendAll(store, history());
    await runner.catchUp();
    const report = await quarterlyReport(db, { fiscalYear: 2026, quarter: 1, now: new Date('2026-01-15T00:00:00Z') });
    await db.close();
    doc = reportDocument(report, { coalition: 'Maine Survivor Support Coalition', award: 'VOCA 15POVC-26-GG-00123-ASSI' });
  }, 120_000);
  afterAll(() => {
    if (!process.env.PRINT_KEEP && dir) rmSync(dir, { recursive: true, force: true });
  });

  const write = async (name: string, writer: (d: ExportDocument, out: NodeJS.WritableStream & import('node:stream').Writable) => Promise<void>) => {
    const file = join(dir, name);
    const out = createWriteStream(file);
    await writer(doc, out);
    if (!out.writableFinished) await once(out, 'finish');
    return file;
  };

  it('prints the workbook in landscape, one page wide, at about two pages per table or fewer', async () => {
    const xlsx = await write('report.xlsx', writeXlsx);
    // A profile of its own, so a LibreOffice already running for someone else is left alone.
    execFileSync(soffice!, [`-env:UserInstallation=file://${join(dir, 'lo-profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, xlsx], { stdio: 'ignore', timeout: 180_000 });
    const pdf = join(dir, 'report.pdf');
    const { pages } = info(pdf);
    // About + 16 tables: each table fits the width, so each takes a page (the county tables run to two).
    expect(pages).toBeGreaterThanOrEqual(doc.sheets.length + 1);
    expect(pages).toBeLessThanOrEqual(2 * (doc.sheets.length + 1));
    expect(allLandscape(pdf, pages)).toBe(true);
  }, 240_000);

  it('writes the board PDF in landscape with a page count that follows its tables', async () => {
    const pdf = await write('board.pdf', writePdf);
    expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { pages } = info(pdf);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(pages).toBeLessThanOrEqual(doc.sheets.length + 2);
    expect(allLandscape(pdf, pages)).toBe(true);
  }, 60_000);
});
