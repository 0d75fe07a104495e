import { h, s, uid } from './dom.js';
import { money } from './format.js';

export interface Bar {
  readonly label: string;
  /** null: suppressed (too few to show). */
  readonly cents: number | null;
}

/**
 * A horizontal bar chart as plain SVG (no library). The bars carry no information the text
 * does not: each row also prints its amount or "suppressed".
 */
export function barChart(title: string, description: string, bars: readonly Bar[]): HTMLElement {
  const titleId = uid('chart-title');
  const descId = uid('chart-desc');
  const rowHeight = 28;
  // Room for the longest label at 13px (about 7px a character), within reason.
  const labelWidth = Math.min(300, Math.max(120, Math.ceil(Math.max(...bars.map((b) => b.label.length)) * 7.2) + 16));
  const valueWidth = 110;
  const width = labelWidth + 460;
  const barSpace = width - labelWidth - valueWidth - 16;
  const height = bars.length * rowHeight + 8;
  const max = Math.max(1, ...bars.map((b) => b.cents ?? 0));
  const svg = s(
    'svg',
    { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': `${titleId} ${descId}`, class: 'chart', preserveAspectRatio: 'xMinYMin meet' },
    s('title', { id: titleId }, title),
    s('desc', { id: descId }, description),
    bars.map((bar, i) => {
      const y = 4 + i * rowHeight;
      const length = bar.cents === null ? 0 : Math.max(bar.cents > 0 ? 2 : 0, Math.round((bar.cents / max) * barSpace));
      return s(
        'g',
        null,
        s('text', { x: labelWidth - 8, y: y + rowHeight / 2 + 5, 'text-anchor': 'end', class: 'chart-label' }, bar.label),
        bar.cents === null
          ? s('rect', { x: labelWidth, y: y + 5, width: barSpace, height: rowHeight - 10, class: 'chart-suppressed' })
          : s('rect', { x: labelWidth, y: y + 5, width: length, height: rowHeight - 10, class: 'chart-bar' }),
        s(
          'text',
          { x: bar.cents === null ? labelWidth + 8 : labelWidth + length + 6, y: y + rowHeight / 2 + 5, class: bar.cents === null ? 'chart-value suppressed' : 'chart-value' },
          bar.cents === null ? 'suppressed' : money(bar.cents),
        ),
      );
    }),
  );
  // On a phone the chart keeps a readable size and scrolls sideways, as the tables do,
  // instead of shrinking its labels to a few pixels.
  return h('figure', { class: 'chart-figure' }, h('div', { class: 'chart-scroll', role: 'region', 'aria-label': `${title}: chart`, tabindex: 0 }, svg), h('figcaption', null, title));
}
