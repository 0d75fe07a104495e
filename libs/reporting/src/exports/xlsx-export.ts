import type { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { SUPPRESSED, type ColumnKind, type ExportDocument, type ExportHeader, type ExportSheet } from './export-document';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const NUMBER_FORMATS: Readonly<Record<ColumnKind, string | undefined>> = {
  text: undefined,
  count: '#,##0',
  money: '"$"#,##0.00',
  days: '0.0',
};

/** The rows above a table's data, repeated at the top of every printed page. */
const TITLE_ROWS = 4;
const GREY = { argb: 'FF595959' };

/** Excel's header/footer codes treat `&` as a command: a literal one is doubled. */
const hf = (text: string) => text.replace(/&/g, '&&');

function headerLine(header: ExportHeader): string {
  return [header.coalition, header.award ? `Grant/award: ${header.award}` : null, `Period: ${header.period}`, `Suppression threshold: ${header.threshold}`]
    .filter((x): x is string => x !== null)
    .join('   |   ');
}

/**
 * What a grants manager prints: landscape, one page wide (as many tall as it takes), the
 * coalition, award, period and threshold in every page header, page numbers in the footer.
 */
function printSetup(doc: ExportDocument, titleRows: number): Partial<ExcelJS.WorksheetProperties> & { pageSetup: Partial<ExcelJS.PageSetup>; headerFooter: Partial<ExcelJS.HeaderFooter> } {
  const h = doc.header;
  return {
    pageSetup: {
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.75, bottom: 0.6, header: 0.3, footer: 0.3 },
      ...(titleRows > 0 ? { printTitlesRow: `1:${titleRows}` } : {}),
    },
    headerFooter: {
      // Left and right only: a centred title collided with a long coalition name and award.
      oddHeader: `&L&8${hf(h.coalition)}${h.award ? hf(`, award ${h.award}`) : ''}&R&8${hf(`${h.period}, threshold ${h.threshold}`)}`,
      oddFooter: `&L&8${hf(`Counts from 1 to ${h.threshold - 1} are suppressed, with their amounts, and marked "${SUPPRESSED}"`)}&R&8Page &P of &N`,
    },
  };
}

/** Lines a wrapped cell takes, breaking at spaces as spreadsheets do (a bold header is about a character per unit of width). */
function wrappedLines(text: string, capacity: number): number {
  let lines = 1;
  let used = 0;
  for (const word of text.split(/\s+/)) {
    const need = used === 0 ? word.length : used + 1 + word.length;
    if (need <= capacity || used === 0) used = need;
    else {
      lines += 1;
      used = word.length;
    }
    if (used > capacity) {
      lines += Math.floor(used / capacity);
      used %= capacity;
    }
  }
  return lines;
}

/** A cell spanning the table's width, wrapped, tall enough for its text at the sheet's widths. */
function banner(ws: ExcelJS.Worksheet, row: number, text: string, width: number, totalChars: number, font: Partial<ExcelJS.Font>): void {
  ws.mergeCells(row, 1, row, width);
  const cell = ws.getCell(row, 1);
  cell.value = text;
  cell.font = font;
  cell.alignment = { wrapText: true, vertical: 'top' };
  const lines = Math.max(1, Math.ceil((text.length * ((font.size ?? 11) / 11)) / Math.max(totalChars, 20)));
  ws.getRow(row).height = lines * ((font.size ?? 11) + 4);
}

function tableSheet(workbook: ExcelJS.Workbook, doc: ExportDocument, sheet: ExportSheet): void {
  const ws = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: TITLE_ROWS, xSplit: 1 }], ...printSetup(doc, TITLE_ROWS) });
  const widths = sheet.columns.map((c) => (c.kind === 'text' ? 30 : 13));
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  const totalChars = widths.reduce((a, b) => a + b, 0);
  const n = sheet.columns.length;
  banner(ws, 1, sheet.title, n, totalChars, { bold: true, size: 14 });
  banner(ws, 2, headerLine(doc.header), n, totalChars, { size: 9, color: GREY });
  banner(ws, 3, sheet.description, n, totalChars, { size: 9, italic: true });
  const header = ws.getRow(TITLE_ROWS);
  sheet.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.alignment = { wrapText: true, vertical: 'bottom', horizontal: c.kind === 'text' ? 'left' : 'right' };
    cell.border = { bottom: { style: 'thin' } };
  });
  header.height = 15 * Math.max(...sheet.columns.map((c, i) => wrappedLines(c.header, widths[i]! - 2)), 1);
  for (const values of sheet.rows) {
    const row = ws.addRow(values.map((v) => v ?? null));
    sheet.columns.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      const format = NUMBER_FORMATS[c.kind];
      if (format && typeof values[i] === 'number') cell.numFmt = format;
      // Numbers and the word "suppressed" line up on the right, so a hidden cell reads as one of the column's figures.
      if (c.kind !== 'text') cell.alignment = { horizontal: 'right' };
      if (values[i] === SUPPRESSED) cell.font = { italic: true, color: GREY };
    });
    if (values[0] === 'Total') row.font = { bold: true };
  }
}

/**
 * A real workbook a grants manager can hand over: an "About" sheet (coalition, award, report,
 * period, threshold, notes, contents), then one sheet per table with its title, the same header
 * line and its description above a bold column header; all of it repeats on every printed page.
 * Amounts are numbers in dollars with a currency format, so they add up in Excel; a suppressed
 * cell holds the word "suppressed", never a number. Reports are a few hundred cells, so the
 * workbook is built in memory (the streaming writer cannot write print titles) and then written.
 */
export async function writeXlsx(doc: ExportDocument, out: Writable): Promise<void> {
  // Loaded on first use: most processes (and every test file that only imports the app) never write a workbook.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  workbook.creator = doc.header.coalition;

  const about = workbook.addWorksheet('About', printSetup(doc, 0));
  about.getColumn(1).width = 26;
  about.getColumn(2).width = 110;
  const title = about.addRow([doc.title]);
  title.font = { bold: true, size: 14 };
  for (const [label, value] of doc.about) {
    const row = about.addRow([label, value]);
    row.getCell(1).font = { bold: true };
    row.getCell(1).alignment = { vertical: 'top' };
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
    row.height = 15 * Math.max(1, Math.ceil(value.length / 105));
  }
  about.addRow([]);
  const contents = about.addRow(['Sheet', 'Table']);
  contents.font = { bold: true };
  for (const sheet of doc.sheets) {
    const row = about.addRow([sheet.name, sheet.title]);
    row.getCell(2).alignment = { wrapText: true };
  }

  for (const sheet of doc.sheets) tableSheet(workbook, doc, sheet);
  await workbook.xlsx.write(out);
}
