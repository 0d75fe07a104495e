import { h, s, uid } from './dom.js';
import { money } from './format.js';

export interface Bar {
  readonly label: string;
  /** null: suppressed (too few to show). */
  readonly cents: number | null;
}

export interface ChartOptions {
  /**
   * The suppressed bars' amount together, where the published total tells it (the total less the
   * published bars): drawn as one hatched bar, so the chart shows how much it cannot show.
   */
  readonly suppressedCents?: number | null;
}

/** The suppressed share of a chart, in words: "$1,200.00 of $9,800.00 (12%)". */
export function suppressedShare(suppressedCents: number, totalCents: number): string {
  const percent = totalCents > 0 ? Math.round((suppressedCents / totalCents) * 100) : 0;
  return `${money(suppressedCents)} of ${money(totalCents)} (${percent}%)`;
}

/**
 * A horizontal bar chart as plain SVG (no library). The bars carry no information the text
 * does not: each row also prints its amount or "suppressed". Suppressed bars are hatched across
 * the whole width (their size is not published); where the suppressed amount together is known,
 * a last hatched bar of that length says it.
 */
export function barChart(title: string, description: string, bars: readonly Bar[], options: ChartOptions = {}): HTMLElement {
  const titleId = uid('chart-title');
  const descId = uid('chart-desc');
  const hatchId = uid('chart-hatch');
  const hidden = bars.filter((b) => b.cents === null).length;
  const together = hidden > 0 && options.suppressedCents !== undefined && options.suppressedCents !== null ? options.suppressedCents : null;
  const rows: { label: string; cents: number | null; share?: boolean }[] = [...bars];
  if (together !== null) rows.push({ label: `Suppressed (${hidden} together)`, cents: together, share: true });
  const rowHeight = 28;
  // Room for the longest label at 13px (about 7px a character), within reason.
  const labelWidth = Math.min(300, Math.max(120, Math.ceil(Math.max(...rows.map((b) => b.label.length)) * 7.2) + 16));
  const valueWidth = 150;
  const width = labelWidth + 480;
  const barSpace = width - labelWidth - valueWidth - 16;
  const height = rows.length * rowHeight + 8;
  const max = Math.max(1, ...rows.map((b) => b.cents ?? 0));
  const svg = s(
    'svg',
    { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': `${titleId} ${descId}`, class: 'chart', preserveAspectRatio: 'xMinYMin meet' },
    s('title', { id: titleId }, title),
    s('desc', { id: descId }, description),
    s(
      'defs',
      null,
      s(
        'pattern',
        { id: hatchId, width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
        s('rect', { width: 6, height: 6, class: 'chart-hatch-ground' }),
        s('line', { x1: 0, y1: 0, x2: 0, y2: 6, class: 'chart-hatch-line' }),
      ),
    ),
    rows.map((bar, i) => {
      const y = 4 + i * rowHeight;
      const length = bar.cents === null ? 0 : Math.max(bar.cents > 0 ? 2 : 0, Math.round((bar.cents / max) * barSpace));
      const value = bar.cents === null ? 'suppressed' : bar.share ? `${money(bar.cents)} suppressed` : money(bar.cents);
      const hatched = bar.cents === null || bar.share === true;
      return s(
        'g',
        null,
        s('text', { x: labelWidth - 8, y: y + rowHeight / 2 + 5, 'text-anchor': 'end', class: hatched ? 'chart-label suppressed' : 'chart-label' }, bar.label),
        bar.cents === null
          ? s('rect', { x: labelWidth, y: y + 5, width: barSpace, height: rowHeight - 10, fill: `url(#${hatchId})`, class: 'chart-suppressed' })
          : s('rect', { x: labelWidth, y: y + 5, width: length, height: rowHeight - 10, ...(bar.share ? { fill: `url(#${hatchId})`, class: 'chart-suppressed' } : { class: 'chart-bar' }) }),
        s(
          'text',
          { x: bar.cents === null ? labelWidth + 8 : labelWidth + length + 6, y: y + rowHeight / 2 + 5, class: hatched ? 'chart-value suppressed' : 'chart-value' },
          value,
        ),
      );
    }),
  );
  // On a phone the chart keeps a readable size and scrolls sideways, as the tables do,
  // instead of shrinking its labels to a few pixels.
  return h('figure', { class: 'chart-figure' }, h('div', { class: 'chart-scroll', role: 'region', 'aria-label': `${title}: chart`, tabindex: 0 }, svg), h('figcaption', null, title));
}
