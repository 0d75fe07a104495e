import { createHash } from 'node:crypto';
import type { RecordedEvent } from '@fund/event-sourcing';
import type { FundRequestEvent } from '@fund/fund-requests';
import type { FundEvent, PayeeState } from '@fund/funds';
import type { CardPurchaseRecorded } from '@fund/inventory';
import type { ProtocolRules } from '@fund/protocols';
import { canonicalEntry, entryHash, type StoredLedgerEntry } from '../ledger.canonical';
import type { LedgerVerification } from '../ledger.verify';

/**
 * The evidence pack for one payment (issue 15, capability 6; ADR 0020): everything an auditor
 * samples, as files in one ZIP. Built here by pure functions from what the services read, so what
 * goes in (and what never does) is specified without a store. Never in it: the survivor reference,
 * the narrative, the demographics, who submitted (a person at the agency), any document's file
 * name. Ids are record ids and staff user ids, as in the ledger.
 */
export interface EvidenceSources {
  readonly requestId: string;
  readonly disbursementId: string;
  /** The request's stream, in order. */
  readonly requestEvents: readonly RecordedEvent<FundRequestEvent>[];
  /** The fund's events about this request (reservation, releases, payments, voids), in order. */
  readonly fundEvents: readonly RecordedEvent<FundEvent>[];
  /** The protocol version the approval was decided under, with its rules, when known. */
  readonly protocol: { readonly version: string; readonly rules: ProtocolRules } | null;
  readonly payee: PayeeState | null;
  /** The purchases the handed-over cards were bought in (donated cards have none). */
  readonly purchases: readonly CardPurchaseRecorded['data'][];
  /** The ledger entries of this request, in journal order. */
  readonly ledgerEntries: readonly StoredLedgerEntry[];
  readonly verification: LedgerVerification;
  readonly chainHead: { readonly seq: number; readonly hash: string } | null;
  readonly receiptDocument: { readonly documentId: string; readonly mediaType: string; readonly extension: string; readonly bytes: Buffer } | null;
  readonly generatedAt: string;
}

export interface EvidenceFile {
  readonly name: string;
  readonly content: Buffer;
}

export interface EvidencePack {
  readonly files: readonly EvidenceFile[];
}

export const EVIDENCE_FORMAT = 'survivor-fund/evidence-pack/1';

const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const at = (e: RecordedEvent) => new Date(e.metadata.occurredAt).toISOString();
const eventRef = (e: RecordedEvent) => ({ eventId: e.metadata.eventId, streamId: e.streamId, streamVersion: e.streamVersion, globalPosition: e.globalPosition, recordedAt: at(e) });

/** The request as an auditor samples it: what was asked, for what, when; never who for, never why in words. */
export function requestFacts(events: readonly RecordedEvent<FundRequestEvent>[]) {
  const submitted = events.find((e) => e.type === 'FundRequestSubmitted');
  if (!submitted || submitted.type !== 'FundRequestSubmitted') return null;
  const { requestId, organizationId, category, amountCents, paymentMethod, urgency, neededBy, expedited, submittedAt, hasNarrative } = submitted.data;
  return {
    requestId,
    organizationId,
    category,
    requestedCents: amountCents,
    paymentMethod,
    urgency,
    neededBy,
    expedited,
    submittedAt,
    narrative: hasNarrative ? 'withheld: the narrative is not part of the evidence pack' : 'none',
    protocolVersion: submitted.metadata.protocolVersion ?? null,
    source: eventRef(submitted),
  };
}

export function approvalEvidence(events: readonly RecordedEvent<FundRequestEvent>[]) {
  const votes = events.flatMap((e) =>
    e.type === 'RequestVoteCast'
      ? [{ memberId: e.data.memberId, organizationId: e.data.organizationId, vote: e.data.vote, amountCents: e.data.amountCents, reasonCode: e.data.reasonCode, protocolVersion: e.metadata.protocolVersion ?? null, source: eventRef(e) }]
      : [],
  );
  const approved = events.find((e) => e.type === 'FundRequestApproved');
  const ratified = events.find((e) => e.type === 'ExpeditedApprovalRatified');
  return {
    votes,
    approval:
      approved && approved.type === 'FundRequestApproved'
        ? {
            approvedCents: approved.data.amountCents,
            fundId: approved.data.fundId,
            approverIds: approved.data.approverIds,
            expedited: approved.data.expedited,
            decidedAt: approved.data.decidedAt,
            protocolVersion: approved.metadata.protocolVersion ?? null,
            source: eventRef(approved),
          }
        : null,
    ratification: ratified && ratified.type === 'ExpeditedApprovalRatified' ? { ratifiedBy: ratified.data.ratifiedBy, source: eventRef(ratified) } : null,
  };
}

export function paymentEvidence(sources: Pick<EvidenceSources, 'requestEvents' | 'disbursementId' | 'payee' | 'purchases'>) {
  const recorded = sources.requestEvents.find((e) => e.type === 'DisbursementRecorded' && e.data.disbursementId === sources.disbursementId);
  if (!recorded || recorded.type !== 'DisbursementRecorded') return null;
  const d = recorded.data;
  const voided = sources.requestEvents.find((e) => e.type === 'RequestDisbursementVoided' && e.data.disbursementId === sources.disbursementId);
  const payee = sources.payee?.status === 'registered' ? { payeeId: sources.payee.payeeId, name: sources.payee.name, kind: sources.payee.kind, taxId: sources.payee.taxId } : null;
  return {
    disbursementId: d.disbursementId,
    source: d.source,
    amountCents: d.amountCents,
    paymentMethod: d.paymentMethod,
    fundId: d.fundId,
    paidOn: d.paidOn ?? null,
    disbursedAt: d.disbursedAt,
    disbursedBy: d.disbursedBy,
    payee,
    paymentReference: d.paymentReference ?? null,
    itemId: d.itemId,
    quantity: d.quantity,
    cardSerials: d.serials,
    cardPurchases: sources.purchases.map((p) => ({ purchaseId: p.purchaseId, fundId: p.fundId, payeeId: p.payeeId, paidOn: p.paidOn, faceValueCents: p.faceValueCents, recordedBy: p.recordedBy })),
    receiptDueOn: d.receiptDueOn,
    voided: voided ? { source: eventRef(voided) } : null,
    protocolVersion: recorded.metadata.protocolVersion ?? null,
    sourceEvent: eventRef(recorded),
  };
}

export function receiptEvidence(events: readonly RecordedEvent<FundRequestEvent>[], disbursementId: string, document: EvidenceSources['receiptDocument']) {
  const settled = events.find((e) => (e.type === 'ReceiptRecorded' || e.type === 'LostReceiptAttested') && e.data.disbursementId === disbursementId);
  if (!settled) return { status: 'none' as const };
  if (settled.type === 'LostReceiptAttested') {
    return { status: 'lost_receipt_attested' as const, reasonCode: settled.data.reasonCode, attestedBy: settled.data.attestedBy, source: eventRef(settled) };
  }
  if (settled.type !== 'ReceiptRecorded') return { status: 'none' as const };
  return {
    status: 'receipt_recorded' as const,
    receiptId: settled.data.receiptId,
    amountCents: settled.data.amountCents,
    documentId: settled.data.documentId ?? null,
    document: document ? { file: documentFileName(document), mediaType: document.mediaType, sha256: sha256(document.bytes), bytes: document.bytes.length } : null,
    source: eventRef(settled),
  };
}

export interface FundMovement {
  readonly event: string;
  readonly amountCents: number;
  readonly budgetLineId?: string | null;
  readonly reason?: string;
  readonly disbursementId?: string;
  readonly source: ReturnType<typeof eventRef>;
}

export function reservationEvidence(fundEvents: readonly RecordedEvent<FundEvent>[]): FundMovement[] {
  return fundEvents.flatMap((e): FundMovement[] => {
    switch (e.type) {
      case 'MoneyReserved':
        return [{ event: e.type, amountCents: e.data.amountCents, budgetLineId: e.data.budgetLineId ?? null, source: eventRef(e) }];
      case 'ReservationReleased':
        return [{ event: e.type, amountCents: e.data.amountCents, reason: e.data.reason, source: eventRef(e) }];
      case 'MoneyDisbursed':
      case 'DisbursementVoided':
        return [{ event: e.type, amountCents: e.data.amountCents, disbursementId: e.data.disbursementId, source: eventRef(e) }];
      default:
        return [];
    }
  });
}

/**
 * The ledger entries with what proves them: each entry's hash recomputed from the previous hash
 * and its canonical text (given, so the auditor can recompute it with any SHA-256 tool), and the
 * verification of the whole chain up to its head, run when the pack was made.
 */
export function chainProof(entries: readonly StoredLedgerEntry[], verification: LedgerVerification, head: EvidenceSources['chainHead']) {
  const proven = entries.map((entry) => {
    const recomputed = entryHash(entry.prevHash, entry);
    return {
      seq: entry.seq,
      entryId: entry.entryId,
      eventType: entry.eventType,
      effectiveDate: entry.effectiveDate,
      prevHash: entry.prevHash,
      hash: entry.hash,
      recomputedHash: recomputed,
      hashMatches: recomputed === entry.hash,
      canonical: canonicalEntry(entry),
      withinVerifiedChain: verification.ok && head !== null && entry.seq <= head.seq,
    };
  });
  return {
    method: 'hash = sha256_hex(prevHash + "\\n" + canonical); the chain verification recomputed every entry from the first to the head',
    chain: { ok: verification.ok, entriesChecked: verification.entries, firstBroken: verification.firstBroken, checkedAt: verification.checkedAt, headSeq: head?.seq ?? null, headHash: head?.hash ?? null },
    entries: proven,
    allProven: proven.every((p) => p.hashMatches && p.withinVerifiedChain),
  };
}

const documentFileName = (d: NonNullable<EvidenceSources['receiptDocument']>) => `receipt-document-${d.documentId}.${d.extension}`;

const README = `Evidence pack for one payment (${EVIDENCE_FORMAT}).

request.json       the request's facts (no survivor reference, no narrative, no demographics)
approval.json      the council's votes, the approval and the protocol version it was made under
protocol.json      that protocol version's rules
reservation.json   the money reserved in the fund for the request, and what drew on it
payment.json       the payment: payee, method and reference, or the card serials handed over
receipt.json       the receipt (and its document, when one was attached) or the lost-receipt attestation
ledger-entries.json the ledger entries of the request, as stored, with their hashes
chain-proof.json   each entry's hash recomputed, and the verification of the whole chain
manifest.json      the SHA-256 of every file above

Every record names the event it comes from (eventId, streamId, globalPosition), so each fact
can be traced in the service. To check an entry: sha256 of prevHash, a newline, and the entry's
"canonical" text must equal its hash.
`;

/** The files of the pack, in a fixed order, with a manifest of their digests. Null when the payment does not exist on this request. */
export function buildEvidencePack(s: EvidenceSources): EvidencePack | null {
  const request = requestFacts(s.requestEvents);
  const payment = paymentEvidence(s);
  if (!request || !payment) return null;
  const files: EvidenceFile[] = [
    { name: 'README.txt', content: Buffer.from(README, 'utf8') },
    { name: 'request.json', content: json(request) },
    { name: 'approval.json', content: json(approvalEvidence(s.requestEvents)) },
    { name: 'protocol.json', content: json(s.protocol ? { version: s.protocol.version, rules: s.protocol.rules } : { version: null, rules: null }) },
    { name: 'reservation.json', content: json({ fundId: payment.fundId, movements: reservationEvidence(s.fundEvents) }) },
    { name: 'payment.json', content: json(payment) },
    { name: 'receipt.json', content: json(receiptEvidence(s.requestEvents, s.disbursementId, s.receiptDocument)) },
    { name: 'ledger-entries.json', content: json(s.ledgerEntries) },
    { name: 'chain-proof.json', content: json(chainProof(s.ledgerEntries, s.verification, s.chainHead)) },
  ];
  if (s.receiptDocument) files.push({ name: documentFileName(s.receiptDocument), content: s.receiptDocument.bytes });
  const manifest = {
    format: EVIDENCE_FORMAT,
    requestId: s.requestId,
    disbursementId: s.disbursementId,
    generatedAt: s.generatedAt,
    files: files.map((f) => ({ name: f.name, sha256: sha256(f.content), bytes: f.content.length })),
  };
  return { files: [...files, { name: 'manifest.json', content: json(manifest) }] };
}
