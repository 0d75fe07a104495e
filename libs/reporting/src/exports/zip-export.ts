import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { ExportDocument, ExportValue } from './export-document';

export const ZIP_CONTENT_TYPE = 'application/zip';

const text = (value: ExportValue, kind: string): string => {
  if (value === null) return '';
  if (typeof value === 'number') return kind === 'money' ? value.toFixed(2) : String(value);
  return value;
};

/** A file name from a sheet name: lower case, words joined by hyphens, nothing a zip tool could misread. */
const fileName = (name: string, index: number) => `${String(index + 1).padStart(2, '0')}-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}.csv`;

/**
 * The CSV a grants manager can load anywhere: one file per table (its header row, then its rows,
 * nothing above them), `figures.csv` with every published figure in long form (one line per
 * number, suppressed ones marked and empty), and `about.csv` with the coalition, award, period,
 * threshold and notes. Each file is a few kilobytes, so each is built whole; the archive streams.
 */
export async function writeZip(doc: ExportDocument, out: Writable): Promise<void> {
  // Loaded on first use: most processes (and test files that only import the app) never write an archive.
  const { default: archiver } = await import('archiver');
  const zip = archiver('zip', { zlib: { level: 6 } });
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('close', resolve);
    zip.on('error', reject);
  });
  zip.pipe(out);
  const bom = '\ufeff';
  zip.append(bom + stringify([['Field', 'Value'], ['Title', doc.title], ...doc.about.map(([k, v]) => [k, v])]), { name: 'about.csv' });
  doc.sheets.forEach((sheet, i) => {
    const rows = [sheet.columns.map((c) => c.header), ...sheet.rows.map((row) => row.map((v, j) => text(v, sheet.columns[j]?.kind ?? 'text')))];
    zip.append(bom + stringify(rows), { name: fileName(sheet.name, i) });
  });
  const h = doc.header;
  const figures = [
    ['coalition', 'award', 'period', 'threshold', 'table', 'row_key', 'row_label', 'column_key', 'column_label', 'measure', 'value', 'suppressed'],
    ...doc.figures.map((f) => [
      h.coalition,
      h.award ?? '',
      h.period,
      String(h.threshold),
      f.table,
      f.rowKey,
      f.rowLabel,
      f.columnKey,
      f.columnLabel,
      f.measure,
      f.value === null ? '' : f.measure === 'amount_usd' ? f.value.toFixed(2) : String(f.value),
      f.suppressed ? 'true' : 'false',
    ]),
  ];
  zip.append(bom + stringify(figures), { name: 'figures.csv' });
  await zip.finalize();
  await done;
}
