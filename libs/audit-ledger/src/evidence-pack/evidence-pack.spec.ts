import { createHash } from 'node:crypto';
import type { RecordedEvent } from '@fund/event-sourcing';
import type { FundRequestEvent } from '@fund/fund-requests';
import type { FundEvent } from '@fund/funds';
import { DEMO_PROTOCOL_RULES } from '@fund/protocols';
import { entryHash, GENESIS_HASH, NO_REFERENCES, type LedgerEntry, type StoredLedgerEntry } from '../ledger.canonical';
import type { LedgerVerification } from '../ledger.verify';
import { buildEvidencePack, type EvidenceSources } from './evidence-pack';

const REQUEST = '0b6f7a52-5a3e-4c1e-9a51-0d3c8f0f9a11';
const PAYMENT = '7d1e2c3b-4a5f-4e6d-8c7b-9a0f1e2d3c4b';
const SURVIVOR = 'SR-7Q4K-X9PL-MM2D';
let position = 0;
const rec = <E extends FundRequestEvent | FundEvent>(streamId: string, event: E, protocolVersion?: string) =>
  ({
    ...event,
    streamId,
    streamVersion: ++position,
    globalPosition: position,
    position: { commit: position, prepare: position },
    recordedAt: new Date('2026-11-02T10:00:00Z'),
    metadata: { eventId: `ev-${position}`, schemaVersion: 1, occurredAt: '2026-11-02T10:00:00.000Z', actor: { userId: 'coord-1', role: 'coordinator', organizationId: 'coalition' }, correlationId: 'c', causationId: null, ...(protocolVersion ? { protocolVersion } : {}) },
  }) as unknown as RecordedEvent<E>;

const requestEvents = [
  rec(`fund-request-${REQUEST}`, {
    type: 'FundRequestSubmitted',
    data: { requestId: REQUEST, organizationId: 'org-a', submitterId: 'adv-1', survivorReference: SURVIVOR, category: 'lodging', amountCents: 30_000, paymentMethod: 'vendor_payment', urgency: 'urgent', neededBy: '2026-11-05', demographics: { ageBand: '18_24' }, hasNarrative: true, expedited: false, submittedAt: '2026-11-01T09:00:00.000Z' },
  } as FundRequestEvent, '2026-1'),
  rec(`fund-request-${REQUEST}`, { type: 'RequestVoteCast', data: { memberId: 'member-1', organizationId: 'org-c', vote: 'approve', amountCents: 30_000, reasonCode: null } }, '2026-1'),
  rec(`fund-request-${REQUEST}`, { type: 'FundRequestApproved', data: { amountCents: 30_000, fundId: 'general', approverIds: ['member-1'], expedited: false, decidedAt: '2026-11-01T12:00:00.000Z' } }, '2026-1'),
  rec(`fund-request-${REQUEST}`, {
    type: 'DisbursementRecorded',
    data: { disbursementId: PAYMENT, disbursedBy: 'coord-1', source: 'money', amountCents: 30_000, paymentMethod: 'vendor_payment', fundId: 'general', itemId: null, quantity: null, serials: null, receiptDueOn: '2026-11-16', disbursedAt: '2026-11-02T10:00:00.000Z', paidOn: '2026-11-02', payeeId: 'harbor-motel', paymentReference: { kind: 'check_number', value: '1042' } },
  } as FundRequestEvent, '2026-1'),
  rec(`fund-request-${REQUEST}`, { type: 'ReceiptRecorded', data: { disbursementId: PAYMENT, receiptId: 'rc-1', amountCents: 30_000, documentId: 'doc-1' } }),
];
const fundEvents = [
  rec('fund-general', { type: 'MoneyReserved', data: { requestId: REQUEST, amountCents: 30_000 } }),
  rec('fund-general', { type: 'MoneyDisbursed', data: { requestId: REQUEST, disbursementId: PAYMENT, amountCents: 30_000, paidOn: '2026-11-02' } }),
];

function chain(): StoredLedgerEntry[] {
  const base = (seq: number, eventType: string, lines: LedgerEntry['lines']): LedgerEntry => ({
    entryId: `je-${seq}`,
    eventId: `ev-${seq}`,
    globalPosition: seq,
    streamId: 'fund-general',
    eventType,
    occurredAt: '2026-11-02T10:00:00.000Z',
    actorUserId: 'coord-1',
    actorRole: 'coordinator',
    actorOrganizationId: 'coalition',
    protocolVersion: '2026-1',
    fundId: 'general',
    category: 'lodging',
    canonicalFormat: 2,
    references: { ...NO_REFERENCES, requestId: REQUEST },
    effectiveDate: '2026-11-02',
    effectiveDateSource: 'event',
    lines,
  });
  const entries = [
    base(1, 'MoneyReserved', [
      { line: 1, account: 'net-assets:general:available', debitCents: 30_000, creditCents: 0 },
      { line: 2, account: 'net-assets:general:committed', debitCents: 0, creditCents: 30_000 },
    ]),
    base(2, 'MoneyDisbursed', [
      { line: 1, account: 'assistance:lodging', debitCents: 30_000, creditCents: 0 },
      { line: 2, account: 'cash:general', debitCents: 0, creditCents: 30_000 },
    ]),
  ];
  let prevHash = GENESIS_HASH;
  return entries.map((e, i) => {
    const hash = entryHash(prevHash, e);
    const stored = { ...e, seq: i + 1, prevHash, hash };
    prevHash = hash;
    return stored;
  });
}

const verification: LedgerVerification = { ok: true, entries: 2, totalDebitCents: 60_000, totalCreditCents: 60_000, firstBroken: null, checkedAt: '2026-11-20T10:00:00.000Z', from: null } as unknown as LedgerVerification;
const entries = chain();
const sources: EvidenceSources = {
  requestId: REQUEST,
  disbursementId: PAYMENT,
  requestEvents,
  fundEvents,
  protocol: { version: '2026-1', rules: DEMO_PROTOCOL_RULES },
  payee: { status: 'registered', payeeId: 'harbor-motel', name: 'Harbor Motel LLC', kind: 'business', taxId: '12-3456789' },
  purchases: [],
  ledgerEntries: entries,
  verification,
  chainHead: { seq: 2, hash: entries[1]!.hash },
  receiptDocument: { documentId: 'doc-1', mediaType: 'application/pdf', extension: 'pdf', bytes: Buffer.from('%PDF-1.4 receipt') },
  generatedAt: '2026-11-20T10:00:00.000Z',
};
const file = (pack: ReturnType<typeof buildEvidencePack>, name: string) => pack!.files.find((f) => f.name === name)!.content;
const parsed = (pack: ReturnType<typeof buildEvidencePack>, name: string) => JSON.parse(file(pack, name).toString('utf8'));

describe('evidence pack (pure)', () => {
  const pack = buildEvidencePack(sources);

  it('holds one file per thing an auditor samples, the receipt document, and a manifest', () => {
    expect(pack!.files.map((f) => f.name)).toEqual([
      'README.txt',
      'request.json',
      'approval.json',
      'protocol.json',
      'reservation.json',
      'payment.json',
      'receipt.json',
      'ledger-entries.json',
      'chain-proof.json',
      'receipt-document-doc-1.pdf',
      'manifest.json',
    ]);
  });

  it('never holds the survivor reference, the narrative, the demographics or who submitted', () => {
    for (const f of pack!.files) {
      const text = f.content.toString('utf8');
      expect(text).not.toContain(SURVIVOR);
      expect(text).not.toContain('adv-1');
      expect(text).not.toContain('18_24');
    }
    expect(parsed(pack, 'request.json')).toMatchObject({ requestId: REQUEST, category: 'lodging', requestedCents: 30_000, narrative: 'withheld: the narrative is not part of the evidence pack', protocolVersion: '2026-1' });
  });

  it('states the votes, the approval under its protocol version, and that version\'s rules', () => {
    expect(parsed(pack, 'approval.json')).toMatchObject({ votes: [{ memberId: 'member-1', vote: 'approve' }], approval: { approvedCents: 30_000, approverIds: ['member-1'], protocolVersion: '2026-1' } });
    expect(parsed(pack, 'protocol.json')).toEqual({ version: '2026-1', rules: JSON.parse(JSON.stringify(DEMO_PROTOCOL_RULES)) });
  });

  it('states the payment with payee and reference, the reservation it drew on, and the receipt with its document\'s digest', () => {
    expect(parsed(pack, 'payment.json')).toMatchObject({ amountCents: 30_000, paidOn: '2026-11-02', payee: { payeeId: 'harbor-motel', name: 'Harbor Motel LLC' }, paymentReference: { kind: 'check_number', value: '1042' } });
    expect(parsed(pack, 'reservation.json').movements.map((m: { event: string }) => m.event)).toEqual(['MoneyReserved', 'MoneyDisbursed']);
    const digest = createHash('sha256').update('%PDF-1.4 receipt').digest('hex');
    expect(parsed(pack, 'receipt.json')).toMatchObject({ status: 'receipt_recorded', documentId: 'doc-1', document: { file: 'receipt-document-doc-1.pdf', sha256: digest } });
  });

  it('proves each ledger entry: its hash recomputed from its canonical text, within a verified chain', () => {
    const proof = parsed(pack, 'chain-proof.json');
    expect(proof.allProven).toBe(true);
    for (const p of proof.entries) expect(createHash('sha256').update(`${p.prevHash}\n${p.canonical}`).digest('hex')).toBe(p.hash);
  });

  it('shows a changed entry as not proven, and a broken chain as not verified', () => {
    const tampered = [entries[0]!, { ...entries[1]!, lines: entries[1]!.lines.map((l) => ({ ...l, debitCents: l.debitCents && 3_000, creditCents: l.creditCents && 3_000 })) }];
    expect(parsed(buildEvidencePack({ ...sources, ledgerEntries: tampered }), 'chain-proof.json')).toMatchObject({ allProven: false, entries: [{ hashMatches: true }, { hashMatches: false }] });
    expect(parsed(buildEvidencePack({ ...sources, verification: { ...verification, ok: false } }), 'chain-proof.json')).toMatchObject({ allProven: false, chain: { ok: false } });
  });

  it('lists every file in the manifest with its SHA-256', () => {
    const manifest = parsed(pack, 'manifest.json');
    expect(manifest.files).toHaveLength(pack!.files.length - 1);
    for (const entry of manifest.files) expect(createHash('sha256').update(file(pack, entry.name)).digest('hex')).toBe(entry.sha256);
  });

  it('is no pack for a payment the request does not have', () => {
    expect(buildEvidencePack({ ...sources, disbursementId: '00000000-0000-4000-8000-000000000000' })).toBeNull();
  });
});
