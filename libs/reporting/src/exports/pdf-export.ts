import type { Writable } from 'node:stream';
import { SUPPRESSED, type ColumnKind, type ExportDocument, type ExportSheet, type ExportValue } from './export-document';

export const PDF_CONTENT_TYPE = 'application/pdf';

const MARGIN = 36;
const SIZE = 7.5;
const GREY = '#555555';

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const whole = new Intl.NumberFormat('en-US');

function shown(value: ExportValue, kind: ColumnKind): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (kind === 'money') return money.format(value);
  if (kind === 'days') return value.toFixed(1);
  return whole.format(value);
}

/**
 * The report for a board: US Letter landscape, every page headed with the coalition, award,
 * period and threshold and numbered at the foot; the About lines first, then each table with
 * its title, description and column header (repeated where a table runs onto the next page).
 * Numbers and the word "suppressed" are right-aligned. Built only from the export document, so
 * it holds nothing the JSON report does not. Standard PDF fonts: nothing to embed or download.
 */
export async function writePdf(doc: ExportDocument, out: Writable): Promise<void> {
  // Loaded on first use (with its fonts and compression): most processes never print a report.
  const { default: PDFDocument } = await import('pdfkit');
  const pdf = new PDFDocument({ size: 'LETTER', layout: 'landscape', margins: { top: MARGIN + 14, bottom: MARGIN + 10, left: MARGIN, right: MARGIN }, bufferPages: true, info: { Title: doc.title, Author: doc.header.coalition } });
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('close', resolve);
    pdf.on('error', reject);
  });
  pdf.pipe(out);
  const width = pdf.page.width - 2 * MARGIN;
  const bottom = () => pdf.page.height - pdf.page.margins.bottom;
  const h = doc.header;

  pdf.font('Helvetica-Bold').fontSize(16).text(doc.title, { width });
  pdf.moveDown(0.5);
  for (const [label, value] of doc.about) {
    const y = pdf.y;
    pdf.font('Helvetica-Bold').fontSize(9).text(label, MARGIN, y, { width: 150 });
    const after = pdf.y;
    pdf.font('Helvetica').fontSize(9).text(value, MARGIN + 160, y, { width: width - 160 });
    pdf.y = Math.max(pdf.y, after) + 2;
  }

  for (const sheet of doc.sheets) drawTable(pdf, sheet, width, bottom);

  // Page furniture last, once the page count is known.
  const range = pdf.bufferedPageRange();
  const headerText = [h.coalition, h.award ? `Grant/award: ${h.award}` : null, `Period: ${h.period}`, `Suppression threshold: ${h.threshold}`].filter(Boolean).join('   |   ');
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    const savedBottom = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    pdf.font('Helvetica').fontSize(8).fillColor(GREY);
    pdf.text(headerText, MARGIN, MARGIN - 8, { width, lineBreak: false, ellipsis: true });
    pdf.text(`Counts from 1 to ${h.threshold - 1} are suppressed, with their amounts, and marked "${SUPPRESSED}".`, MARGIN, pdf.page.height - MARGIN, { width: width - 80, lineBreak: false });
    pdf.text(`Page ${i - range.start + 1} of ${range.count}`, MARGIN + width - 80, pdf.page.height - MARGIN, { width: 80, align: 'right', lineBreak: false });
    pdf.fillColor('black');
    pdf.page.margins.bottom = savedBottom;
  }
  pdf.end();
  await done;
}

function drawTable(pdf: PDFKit.PDFDocument, sheet: ExportSheet, width: number, bottom: () => number): void {
  const n = sheet.columns.length;
  const first = Math.min(170, Math.max(110, width * 0.22));
  const rest = n > 1 ? (width - first) / (n - 1) : width - first;
  const widths = sheet.columns.map((_, i) => (i === 0 ? first : rest));
  const xs = widths.map((_, i) => MARGIN + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const pad = 3;

  const headerHeight = () => {
    pdf.font('Helvetica-Bold').fontSize(SIZE);
    return Math.max(...sheet.columns.map((c, i) => pdf.heightOfString(c.header, { width: widths[i]! - 2 * pad }))) + 2 * pad;
  };
  const drawHeader = () => {
    const hh = headerHeight();
    const y = pdf.y;
    pdf.font('Helvetica-Bold').fontSize(SIZE).fillColor('black');
    sheet.columns.forEach((c, i) => pdf.text(c.header, xs[i]! + pad, y + pad, { width: widths[i]! - 2 * pad, align: c.kind === 'text' ? 'left' : 'right' }));
    pdf.moveTo(MARGIN, y + hh).lineTo(MARGIN + width, y + hh).lineWidth(0.7).stroke();
    pdf.y = y + hh;
  };
  const rowHeight = (row: readonly ExportValue[]) => {
    pdf.font('Helvetica').fontSize(SIZE);
    return pdf.heightOfString(String(row[0] ?? ''), { width: widths[0]! - 2 * pad }) + 2 * pad;
  };
  const titleBlock = (continued: boolean) => {
    pdf.font('Helvetica-Bold').fontSize(11).fillColor('black').text(continued ? `${sheet.title} (continued)` : sheet.title, MARGIN, pdf.y, { width });
    if (!continued) pdf.font('Helvetica-Oblique').fontSize(8).fillColor(GREY).text(sheet.description, { width });
    pdf.fillColor('black').moveDown(0.3);
  };

  // A table starts on a new page unless its title, header and a few rows fit where we are.
  pdf.moveDown(1);
  const needed = 60 + headerHeight() + 4 * (SIZE + 2 * pad + 2);
  if (pdf.y + needed > bottom()) pdf.addPage();
  titleBlock(false);
  drawHeader();
  sheet.rows.forEach((row, r) => {
    const rh = rowHeight(row);
    if (pdf.y + rh > bottom()) {
      pdf.addPage();
      titleBlock(true);
      drawHeader();
    }
    const y = pdf.y;
    const total = row[0] === 'Total';
    if (r % 2 === 1) pdf.rect(MARGIN, y, width, rh).fill('#f2f2f2').fillColor('black');
    sheet.columns.forEach((c, i) => {
      const value = row[i] ?? null;
      const hidden = value === SUPPRESSED;
      pdf.font(total ? 'Helvetica-Bold' : hidden ? 'Helvetica-Oblique' : 'Helvetica').fontSize(SIZE).fillColor(hidden ? GREY : 'black');
      pdf.text(shown(value, c.kind), xs[i]! + pad, y + pad, { width: widths[i]! - 2 * pad, align: c.kind === 'text' ? 'left' : 'right', lineBreak: c.kind === 'text' });
    });
    pdf.fillColor('black');
    if (total) pdf.moveTo(MARGIN, y).lineTo(MARGIN + width, y).lineWidth(0.5).stroke();
    pdf.y = y + rh;
  });
  pdf.x = MARGIN;
}
