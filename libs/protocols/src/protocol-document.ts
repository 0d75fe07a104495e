import { EXPENSE_CATEGORY_NAMES } from './expense-categories';
import type { ProtocolView } from './protocol-view';

/** `$1,500` for whole dollars, `$12.50` otherwise. Integer arithmetic, no locale tables. */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const dollars = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const rest = abs % 100;
  return `${sign}$${dollars}${rest === 0 ? '' : `.${rest.toString().padStart(2, '0')}`}`;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function day(iso: string): string {
  return iso.slice(0, 10);
}

/** Titles are typed by people; keep them from turning into Markdown structure. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>()#+!|~]/g, (c) => `\\${c}`);
}

const STATUS_WORDS: Readonly<Record<ProtocolView['status'], string>> = {
  draft: 'Draft (not in force)',
  proposed: 'Proposed, council vote open (not in force)',
  adopted: 'Adopted (in force)',
  rejected: 'Rejected by the council (never in force)',
  superseded: 'Superseded (no longer in force)',
};

function header(view: ProtocolView): string[] {
  const rows: [string, string][] = [
    ['Version', view.version],
    ['Status', STATUS_WORDS[view.status]],
  ];
  if (view.draftedAt) rows.push(['Drafted', day(view.draftedAt)]);
  if (view.proposedAt) rows.push(['Proposed', day(view.proposedAt)]);
  if (view.adoptedAt) rows.push(['Adopted', day(view.adoptedAt)]);
  if (view.rejectedAt) rows.push(['Rejected', day(view.rejectedAt)]);
  if (view.supersededAt) rows.push(['Superseded', `${day(view.supersededAt)}${view.supersededBy ? `, by version ${view.supersededBy}` : ''}`]);
  return [`# Survivor Support Fund Protocol: ${escapeMarkdown(view.title)}`, '', '| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)];
}

function eligibility(view: ProtocolView): string[] {
  return [
    '## What the fund pays for',
    '',
    'Requests may be made for these expenses only:',
    '',
    ...view.rules.eligibleCategories.map((c) => `- ${EXPENSE_CATEGORY_NAMES[c]}`),
  ];
}

function limits(view: ProtocolView): string[] {
  const r = view.rules;
  return [
    '## Limits',
    '',
    `- A single request may ask for at most **${formatCents(r.capPerRequestCents)}**.`,
    `- Support for one survivor reference may total at most **${formatCents(r.capPerSurvivorPer12MonthsCents)}** in any rolling 12 months (365 days).`,
    `- No single gift card may carry a face value above **${formatCents(r.giftCardFaceValueLimitCents)}**.`,
  ];
}

function approvals(view: ProtocolView): string[] {
  let from = 0;
  const rows = view.rules.approvalTiers.map((tier) => {
    const range =
      tier.upToCents === null ? (from === 0 ? 'Any amount' : `Above ${formatCents(from)}`) : from === 0 ? `Up to ${formatCents(tier.upToCents)}` : `Above ${formatCents(from)}, up to ${formatCents(tier.upToCents)}`;
    from = tier.upToCents ?? from;
    return `| ${range} | ${tier.approvalsRequired} |`;
  });
  return [
    '## Approvals',
    '',
    'Council approvals a request needs, by the amount requested:',
    '',
    '| Amount requested | Approvals required |',
    '|---|---|',
    ...rows,
    '',
    'The person who submitted a request never approves it. Council members do not vote on requests from their own organization. Recusals are recorded and do not count toward approval.',
  ];
}

function expedited(view: ProtocolView): string[] {
  const e = view.rules.expedited;
  if (!e.enabled) return ['## Expedited path', '', 'There is no expedited path under this version: every request is decided by the approvals above.'];
  return [
    '## Expedited path',
    '',
    `In an emergency one on-call council member may approve a request of up to **${formatCents(e.capCents)}** alone, deciding within ${plural(e.decisionWithinHours, 'hour', 'hours')}.`,
    `The council ratifies each expedited approval within ${plural(e.ratificationWithinDays, 'day', 'days')}.`,
  ];
}

function receipts(view: ProtocolView): string[] {
  const r = view.rules;
  return [
    '## Receipts',
    '',
    `A receipt (or a signed lost-receipt attestation) is due within ${plural(r.receiptDeadlineDays, 'day', 'days')} of each payment.`,
    r.overdueReceiptConsequence === 'block_new_requests'
      ? 'While an organization has an overdue receipt, it cannot submit new requests.'
      : 'An overdue receipt does not stop an organization from submitting new requests.',
  ];
}

function requests(view: ProtocolView): string[] {
  const r = view.rules;
  return [
    '## Requests and records',
    '',
    `- Approved requests are paid from the fund \`${r.defaultFundId}\`.`,
    `- A request that is not decided within ${plural(r.requestExpiryDays, 'day', 'days')} of being submitted expires.`,
    `- A request's narrative is destroyed ${plural(r.narrativeRetentionDays, 'day', 'days')} after the request is closed.`,
  ];
}

function governance(view: ProtocolView): string[] {
  const lines = [
    '## Changing this protocol',
    '',
    `A later version is adopted when ${plural(view.rules.protocolQuorum, 'council member approves', 'council members approve')} it (and rejected when as many reject it). Recusals do not count.`,
    '',
    '## How this version was decided',
    '',
  ];
  if (view.bootstrapped) return [...lines, 'This was the first version of the protocol, put in force without a council vote so that the council had rules to vote under.'];
  if (!view.tally || view.quorum === null) return [...lines, 'This version has not been put to a council vote yet.'];
  const t = view.tally;
  const counts = `${plural(t.approvals, 'approval', 'approvals')}, ${plural(t.rejections, 'rejection', 'rejections')}, ${plural(t.recusals, 'recusal', 'recusals')}`;
  return [...lines, `Council votes${view.status === 'proposed' ? ' so far' : ''}: ${counts} (${plural(view.quorum, 'vote', 'votes')} needed either way).`];
}

/** A protocol version as a document the coalition can publish, file or hand to a funder. */
export function renderProtocolDocument(view: ProtocolView): string {
  const sections = [header, eligibility, limits, approvals, expedited, receipts, requests, governance].map((section) => section(view).join('\n'));
  return `${sections.join('\n\n')}\n`;
}
