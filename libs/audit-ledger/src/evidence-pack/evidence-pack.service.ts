import { Inject, Injectable, Optional } from '@nestjs/common';
import { DocumentsService, EXTENSION_OF, type DocumentMediaType } from '@fund/documents';
import { DomainError, fold, type Actor, type EventStore, type RecordedEvent } from '@fund/event-sourcing';
import { fundRequestStreamId, type FundRequestEvent } from '@fund/fund-requests';
import { fundStreamId, payeeDecider, payeeStreamId, type FundEvent, type PayeeEvent, type PayeeState } from '@fund/funds';
import { cardPurchaseStreamId, stockStreamId, type CardPurchaseEvent, type CardPurchaseRecorded, type StockEvent } from '@fund/inventory';
import { EVENT_STORE } from '@fund/platform';
import { protocolDecider, protocolStreamId, type ProtocolEvent } from '@fund/protocols';
import { LedgerReader } from '../ledger.reader';
import type { StoredLedgerEntry } from '../ledger.canonical';
import { buildEvidencePack, type EvidencePack, type EvidenceSources } from './evidence-pack';

const notFound = () => new DomainError('EVIDENCE.PAYMENT_NOT_FOUND', 'No such payment on a fund request', {}, 'not_found');

/**
 * Reads what the evidence pack of one payment holds, each fact from its own stream (the request,
 * its fund, the protocol version, the payee, the card purchases) and the request's entries from
 * the ledger, then hands them to the pure `buildEvidencePack`.
 */
@Injectable()
export class EvidencePackService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly ledger: LedgerReader,
    @Optional() private readonly documents?: DocumentsService,
  ) {}

  async pack(requestId: string, disbursementId: string, actor: Actor, now: Date): Promise<EvidencePack> {
    const pack = buildEvidencePack(await this.sources(requestId, disbursementId, actor, now));
    if (!pack) throw notFound();
    return pack;
  }

  async sources(requestId: string, disbursementId: string, actor: Actor, now: Date): Promise<EvidenceSources> {
    const requestEvents = (await this.store.readStream<FundRequestEvent>(fundRequestStreamId(requestId))).events;
    const payment = requestEvents.find((e) => e.type === 'DisbursementRecorded' && e.data.disbursementId === disbursementId);
    if (!payment || payment.type !== 'DisbursementRecorded') throw notFound();
    const approved = requestEvents.find((e) => e.type === 'FundRequestApproved');
    const fundId = payment.data.fundId ?? (approved?.type === 'FundRequestApproved' ? approved.data.fundId : null);
    const fundEvents = fundId ? (await this.store.readStream<FundEvent>(fundStreamId(fundId))).events.filter((e) => 'requestId' in e.data && e.data.requestId === requestId) : [];
    const version = approved?.metadata.protocolVersion ?? payment.metadata.protocolVersion;
    const ledgerEntries: StoredLedgerEntry[] = [];
    for await (const entry of this.ledger.entriesOf({ requestId })) ledgerEntries.push(entry);
    const [protocol, payee, purchases, verification, chainHead, receiptDocument] = await Promise.all([
      version ? this.protocol(version) : Promise.resolve(null),
      payment.data.payeeId ? this.payee(payment.data.payeeId) : Promise.resolve(null),
      this.purchases(payment.data.itemId, payment.data.serials),
      this.ledger.verify({}),
      this.ledger.head(),
      this.receiptDocument(requestEvents, requestId, disbursementId, actor),
    ]);
    return { requestId, disbursementId, requestEvents, fundEvents, protocol, payee, purchases, ledgerEntries, verification, chainHead, receiptDocument, generatedAt: now.toISOString() };
  }

  private async payee(payeeId: string): Promise<PayeeState> {
    const { events } = await this.store.readStream<PayeeEvent>(payeeStreamId(payeeId));
    return fold(payeeDecider, events);
  }

  private async protocol(version: string): Promise<EvidenceSources['protocol']> {
    const { events } = await this.store.readStream<ProtocolEvent>(protocolStreamId(version));
    const state = fold(protocolDecider, events);
    return 'rules' in state ? { version, rules: state.rules } : null;
  }

  /** The purchases the handed-over cards came in, found through the item's receipts. */
  private async purchases(itemId: string | null, serials: readonly string[] | null): Promise<CardPurchaseRecorded['data'][]> {
    if (!itemId || !serials?.length) return [];
    const wanted = new Set(serials);
    const { events } = await this.store.readStream<StockEvent>(stockStreamId(itemId));
    const ids = new Set(events.flatMap((e) => (e.type === 'StockReceived' && e.data.purchaseId && (e.data.serials ?? []).some((s) => wanted.has(s)) ? [e.data.purchaseId] : [])));
    const found: CardPurchaseRecorded['data'][] = [];
    for (const id of ids) {
      const recorded = (await this.store.readStream<CardPurchaseEvent>(cardPurchaseStreamId(id))).events.find((e) => e.type === 'CardPurchaseRecorded');
      if (recorded?.type === 'CardPurchaseRecorded') found.push(recorded.data);
    }
    return found;
  }

  /** The receipt's document, decrypted as a download would be; none when it was shredded or the documents lib is absent. */
  private async receiptDocument(events: readonly RecordedEvent<FundRequestEvent>[], requestId: string, disbursementId: string, actor: Actor): Promise<EvidenceSources['receiptDocument']> {
    const receipt = events.find((e) => e.type === 'ReceiptRecorded' && e.data.disbursementId === disbursementId);
    const documentId = receipt?.type === 'ReceiptRecorded' ? receipt.data.documentId : undefined;
    if (!documentId || !this.documents) return null;
    try {
      const { entry, bytes } = await this.documents.read(requestId, documentId, actor);
      return { documentId, mediaType: entry.mediaType, extension: EXTENSION_OF[entry.mediaType as DocumentMediaType], bytes };
    } catch (error) {
      if (error instanceof DomainError && error.code === 'DOCUMENT.SHREDDED') return null;
      throw error;
    }
  }
}
