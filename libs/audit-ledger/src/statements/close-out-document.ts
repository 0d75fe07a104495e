import type { GrantCloseOutReport } from '@fund/funds';
import { grantSubject, type StatementsDocument, type StatementValue } from './statements-document';

const words = (code: string) => code.replace(/[_-]/g, ' ');

/**
 * A grant's close-out as a printable statement (one sheet), so it exports through the same CSV
 * and XLSX writers as the financial statements: budget versus actual per line with what the close
 * did to the rest, the totals, and the grant's figures. Its period is the period of performance.
 */
export function closeOutDocument(report: GrantCloseOutReport, coalition: string, generatedAt: string): StatementsDocument {
  const rows: StatementValue[][] = report.lines.map((l) => [l.lineId, l.categories.map(words).join(', '), l.budgetCents, l.spentCents, l.keptCents, l.releasedCents, l.movedCents, l.unspentCents]);
  const sum = (pick: (l: GrantCloseOutReport['lines'][number]) => number) => report.lines.reduce((s, l) => s + pick(l), 0);
  const emphasis = [rows.length];
  rows.push(['Total of budget lines', null, sum((l) => l.budgetCents), sum((l) => l.spentCents), sum((l) => l.keptCents), sum((l) => l.releasedCents), sum((l) => l.movedCents), sum((l) => l.unspentCents)]);
  const t = report.totals;
  emphasis.push(rows.length);
  rows.push(['Whole grant', `received ${report.award.receivedCents / 100} USD`, report.award.budgetCents, t.spentCents, t.keptCents, t.releasedCents, t.movedCents, t.unspentCents]);
  rows.push(['Closed out', report.closedOn ? `on ${report.closedOn}${report.closeOutReference ? `, ${report.closeOutReference}` : ''}` : 'not yet (figures as of today)', null, null, null, null, null, null]);
  rows.push(['Liquidation deadline', `kept money is paid until ${report.period.liquidationDeadline}`, null, null, null, null, null, null]);
  for (const d of report.decisions) rows.push([`Decision: ${d.action}`, `${d.reservations} reservation${d.reservations === 1 ? '' : 's'}`, null, null, null, null, null, null]);
  for (const m of report.movedTo) rows.push([`Moved to ${m.fundId}`, null, null, null, null, null, m.amountCents, null]);
  if (report.award.matchRequiredCents !== null) rows.push(['Match required', null, report.award.matchRequiredCents, null, null, null, null, null]);
  return {
    coalition,
    period: { from: report.period.firstDay, to: report.period.lastDay },
    generatedAt,
    sheets: [
      {
        name: `Close-out ${report.fundId}`.slice(0, 31),
        title: 'Grant close-out',
        subject: grantSubject(report.name, report.award.reference),
        columns: [
          { header: 'Budget line', kind: 'text', width: 22 },
          { header: 'Categories', kind: 'text', width: 30 },
          { header: 'Budget (USD)', kind: 'money', width: 14 },
          { header: 'Spent (USD)', kind: 'money', width: 14 },
          { header: 'Kept to pay (USD)', kind: 'money', width: 14 },
          { header: 'Released (USD)', kind: 'money', width: 14 },
          { header: 'Moved (USD)', kind: 'money', width: 14 },
          { header: 'Unspent (USD)', kind: 'money', width: 14 },
        ],
        rows,
        emphasis,
      },
    ],
  };
}
