import { formatCents, renderProtocolDocument } from './protocol-document';
import { DEMO_PROTOCOL_RULES } from './protocol-rules';
import type { ProtocolView } from './protocol-view';

const adopted: ProtocolView = {
  version: '2026-2',
  title: 'Emergency assistance protocol',
  status: 'adopted',
  rules: DEMO_PROTOCOL_RULES,
  bootstrapped: false,
  quorum: 3,
  tally: { approvals: 3, rejections: 0, recusals: 1 },
  draftedAt: '2026-10-01T09:00:00.000Z',
  proposedAt: '2026-10-03T09:00:00.000Z',
  adoptedAt: '2026-10-05T16:30:00.000Z',
  rejectedAt: null,
  supersededAt: null,
  supersededBy: null,
  streamVersion: 7,
};

describe('formatCents', () => {
  it.each([
    [0, '$0'],
    [5, '$0.05'],
    [10_000, '$100'],
    [150_000, '$1,500'],
    [12_345_678, '$123,456.78'],
    [100_000_000, '$1,000,000'],
  ])('%p -> %p', (cents, text) => {
    expect(formatCents(cents)).toBe(text);
  });
});

describe('renderProtocolDocument', () => {
  const doc = renderProtocolDocument(adopted);

  it('opens with the title, version, status and adoption date', () => {
    expect(doc.startsWith('# Survivor Support Fund Protocol: Emergency assistance protocol\n')).toBe(true);
    expect(doc).toContain('| Version | 2026-2 |');
    expect(doc).toContain('| Status | Adopted (in force) |');
    expect(doc).toContain('| Adopted | 2026-10-05 |');
  });

  it('names every eligible category in words', () => {
    expect(doc).toContain('- Phone cards');
    expect(doc).toContain('- Identity documents');
    expect(doc).toContain('- Other basic needs');
    expect(doc).not.toContain('other_basic_needs');
  });

  it('states caps and the gift-card limit in dollars', () => {
    expect(doc).toContain('at most **$500**');
    expect(doc).toContain('**$1,500** in any rolling 12 months');
    expect(doc).toContain('face value above **$100**');
  });

  it('lays out the approval tiers as a table', () => {
    expect(doc).toContain('| Amount requested | Approvals required |\n|---|---|\n| Up to $250 | 1 |\n| Above $250 | 2 |');
  });

  it('describes the expedited path, receipts, expiry and retention', () => {
    expect(doc).toContain('up to **$150** alone, deciding within 24 hours');
    expect(doc).toContain('ratifies each expedited approval within 14 days');
    expect(doc).toContain('due within 14 days of each payment');
    expect(doc).toContain('cannot submit new requests');
    expect(doc).toContain('fund `general`');
    expect(doc).toContain('within 30 days of being submitted expires');
    expect(doc).toContain('destroyed 90 days after the request is closed');
  });

  it('gives the quorum and the tally, never who voted', () => {
    expect(doc).toContain('when 3 council members approve it');
    expect(doc).toContain('Council votes: 3 approvals, 0 rejections, 1 recusal (3 votes needed either way).');
    expect(doc).not.toMatch(/memberId|c1|council-1/);
  });

  it('says when there is no expedited path and overdue receipts block nothing', () => {
    const other = renderProtocolDocument({
      ...adopted,
      rules: {
        ...DEMO_PROTOCOL_RULES,
        expedited: { enabled: false, capCents: 0, decisionWithinHours: 0, ratificationWithinDays: 0 },
        overdueReceiptConsequence: 'none',
        approvalTiers: [
          { upToCents: 10_050, approvalsRequired: 1 },
          { upToCents: 30_000, approvalsRequired: 2 },
          { upToCents: null, approvalsRequired: 3 },
        ],
      },
    });
    expect(other).toContain('There is no expedited path under this version');
    expect(other).toContain('does not stop an organization from submitting new requests');
    expect(other).toContain('| Up to $100.50 | 1 |\n| Above $100.50, up to $300 | 2 |\n| Above $300 | 3 |');
  });

  it('marks a draft as not in force, without an adoption date or votes', () => {
    const draft = renderProtocolDocument({ ...adopted, status: 'draft', quorum: null, tally: null, proposedAt: null, adoptedAt: null });
    expect(draft).toContain('| Status | Draft (not in force) |');
    expect(draft).not.toContain('| Adopted |');
    expect(draft).toContain('has not been put to a council vote yet');
  });

  it('says a bootstrapped version had no vote, and a superseded one what replaced it', () => {
    const first = renderProtocolDocument({
      ...adopted,
      status: 'superseded',
      bootstrapped: true,
      quorum: null,
      tally: null,
      supersededAt: '2026-10-05T16:30:00.000Z',
      supersededBy: '2026-2',
    });
    expect(first).toContain('| Superseded | 2026-10-05, by version 2026-2 |');
    expect(first).toContain('put in force without a council vote');
  });

  it('keeps a title from turning into Markdown structure', () => {
    expect(renderProtocolDocument({ ...adopted, title: '# Fund | *rules* [v2]' })).toContain('Protocol: \\# Fund \\| \\*rules\\* \\[v2\\]\n');
  });
});
