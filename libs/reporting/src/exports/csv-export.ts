import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { ExportDocument, ExportValue } from './export-document';

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

const cell = (value: ExportValue, kind: string): string => {
  if (value === null) return '';
  if (typeof value === 'number') return kind === 'money' ? value.toFixed(2) : String(value);
  return value;
};

/**
 * One CSV stream: the title, period and threshold first, then each table as a section (its
 * title line, a header line, its rows) separated by a blank line. Written through csv-stringify,
 * respecting back-pressure, so a slow client never makes us hold the whole file.
 */
export async function writeCsv(doc: ExportDocument, out: Writable): Promise<void> {
  const csv = stringify();
  const done = pipeline(csv, out);
  const write = async (record: readonly string[]) => {
    if (!csv.write(record)) await once(csv, 'drain');
  };
  await write([doc.title]);
  for (const [label, value] of doc.about) await write([label, value]);
  for (const sheet of doc.sheets) {
    await write([]);
    await write(['Table', sheet.title]);
    await write(['Description', sheet.description]);
    await write(sheet.columns.map((c) => c.header));
    for (const row of sheet.rows) await write(row.map((v, i) => cell(v, sheet.columns[i]?.kind ?? 'text')));
  }
  csv.end();
  await done;
}
