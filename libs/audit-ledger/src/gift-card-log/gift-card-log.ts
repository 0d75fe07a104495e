import type { RecordedEvent } from '@fund/event-sourcing';
import type { DisbursementRecorded, LostReceiptAttested, ReceiptRecorded } from '@fund/fund-requests';
import { isCardKind, type CardPurchaseEvent, type StockCountEvent, type StockEvent } from '@fund/inventory';
import { dollars, safeText } from '../export-ledger/ledger-csv';

/**
 * The gift-card log an auditor asks for (OVC: a log from purchase to hand-over, reconciled to
 * receipts and to physical counts): one row per card or pass serial, from the day it was bought
 * or donated to the day it left, with the request it went to, that payment's receipt, and every
 * count that found it missing or unexpected. Built from the events alone, so every cell can be
 * traced to the event that states it. Ids and codes only: no survivor reference, no narrative.
 */
export const GIFT_CARD_STATUSES = ['on_order', 'on_hand', 'issued', 'written_off', 'sold'] as const;
export type GiftCardStatus = (typeof GIFT_CARD_STATUSES)[number];
export const RECEIPT_STATUSES = ['receipt_recorded', 'lost_receipt_attested', 'due', 'overdue', 'voided', 'not_required'] as const;
export type ReceiptStatus = (typeof RECEIPT_STATUSES)[number];

export interface GiftCardVariance {
  readonly countId: string;
  readonly countedOn: string;
  readonly custodian: string;
  readonly finding: 'missing' | 'unexpected';
  /** Whether a second coordinator approved writing the card off (missing cards only). */
  readonly adjusted: boolean;
}

export interface GiftCardLogRow {
  readonly serial: string;
  readonly itemId: string;
  readonly kind: string;
  readonly category: string;
  readonly faceValueCents: number;
  readonly source: 'donated' | 'purchased';
  /** The donation or the purchase the card came from. */
  readonly sourceId: string | null;
  readonly payeeId: string | null;
  readonly paidOn: string | null;
  readonly purchasedBy: string | null;
  readonly receivedBy: string | null;
  /** The day the card came in (null while a bought card is still on order). */
  readonly inDate: string | null;
  readonly custodian: string | null;
  readonly status: GiftCardStatus;
  readonly outDate: string | null;
  /** `issued`, or the write-off reason. */
  readonly outReason: string | null;
  readonly requestId: string | null;
  readonly disbursementId: string | null;
  readonly receiptStatus: ReceiptStatus | null;
  readonly variances: readonly GiftCardVariance[];
}

type Row = { -readonly [K in keyof GiftCardLogRow]: GiftCardLogRow[K] } & { variances: GiftCardVariance[] };

/** The streams the log reads; everything else in the log is skipped unread. */
export function feedsGiftCardLog(streamId: string): boolean {
  return streamId.startsWith('stock-') || streamId.startsWith('card-purchase-') || streamId.startsWith('card-count-') || streamId.startsWith('fund-request-');
}

const dayOf = (e: RecordedEvent) => new Date(e.metadata.occurredAt).toISOString().slice(0, 10);

interface Payment {
  receiptDueOn: string | null;
  settled: 'receipt_recorded' | 'lost_receipt_attested' | 'voided' | null;
}

/** `asOf`: the day a receipt still due counts as overdue after. Events in global order. */
export function buildGiftCardLog(events: readonly RecordedEvent[], asOf: string): GiftCardLogRow[] {
  const rows = new Map<string, Row>();
  const payments = new Map<string, Payment>();
  const counts = new Map<string, Extract<StockCountEvent, { type: 'StockCountRecorded' }>['data']>();
  const key = (itemId: string, serial: string) => `${itemId}\u0000${serial}`;
  for (const e of events) {
    if (e.streamId.startsWith('card-purchase-')) {
      const ev = { type: e.type, data: e.data } as CardPurchaseEvent;
      if (ev.type !== 'CardPurchaseRecorded') continue;
      const p = ev.data;
      for (const serial of p.serials) {
        rows.set(key(p.itemId, serial), {
          serial,
          itemId: p.itemId,
          kind: p.kind,
          category: p.category,
          faceValueCents: p.faceValueCents,
          source: 'purchased',
          sourceId: p.purchaseId,
          payeeId: p.payeeId,
          paidOn: p.paidOn,
          purchasedBy: p.recordedBy,
          receivedBy: null,
          inDate: null,
          custodian: null,
          status: 'on_order',
          outDate: null,
          outReason: null,
          requestId: null,
          disbursementId: null,
          receiptStatus: null,
          variances: [],
        });
      }
    } else if (e.streamId.startsWith('card-count-')) {
      const ev = { type: e.type, data: e.data } as StockCountEvent;
      if (ev.type === 'StockCountRecorded') {
        counts.set(ev.data.countId, ev.data);
        const { countId, countedOn, custodian, itemId } = ev.data;
        for (const serial of ev.data.missingSerials) rows.get(key(itemId, serial))?.variances.push({ countId, countedOn, custodian, finding: 'missing', adjusted: false });
        for (const serial of ev.data.unexpectedSerials) rows.get(key(itemId, serial))?.variances.push({ countId, countedOn, custodian, finding: 'unexpected', adjusted: false });
      } else {
        for (const serial of ev.data.serials) {
          const row = rows.get(key(ev.data.itemId, serial));
          if (row) row.variances = row.variances.map((v) => (v.countId === ev.data.countId && v.finding === 'missing' ? { ...v, adjusted: true } : v));
        }
      }
    } else if (e.streamId.startsWith('stock-')) {
      const ev = { type: e.type, data: e.data } as StockEvent;
      if (ev.type === 'StockReceived') {
        if (!isCardKind(ev.data.kind)) continue;
        const { itemId, kind, category, unitValueCents, purchaseId, donationId } = ev.data;
        for (const serial of ev.data.serials ?? []) {
          const known = purchaseId ? rows.get(key(itemId, serial)) : undefined;
          const base: Row = known ?? {
            serial,
            itemId,
            kind,
            category,
            faceValueCents: unitValueCents,
            source: purchaseId ? 'purchased' : 'donated',
            sourceId: purchaseId ?? donationId,
            payeeId: null,
            paidOn: null,
            purchasedBy: null,
            receivedBy: null,
            inDate: null,
            custodian: null,
            status: 'on_hand',
            outDate: null,
            outReason: null,
            requestId: null,
            disbursementId: null,
            receiptStatus: null,
            variances: [],
          };
          rows.set(key(itemId, serial), {
            ...base,
            status: 'on_hand',
            inDate: ev.data.receivedOn ?? dayOf(e),
            custodian: ev.data.custodian ?? null,
            receivedBy: e.metadata.actor.userId,
          });
        }
      } else if (ev.type === 'StockIssued') {
        for (const serial of ev.data.serials ?? []) {
          const row = rows.get(key(ev.data.itemId, serial));
          if (!row) continue;
          Object.assign(row, { status: 'issued', outDate: dayOf(e), outReason: 'issued', requestId: ev.data.requestId, disbursementId: ev.data.disbursementId });
        }
      } else if (ev.type === 'StockSold') {
        // Donated cards sold (issue 16): out of custody on the day of the sale.
        for (const serial of ev.data.serials ?? []) {
          const row = rows.get(key(ev.data.itemId, serial));
          if (row) Object.assign(row, { status: 'sold', outDate: ev.data.soldOn, outReason: 'sold' });
        }
      } else {
        for (const serial of ev.data.serials ?? []) {
          const row = rows.get(key(ev.data.itemId, serial));
          if (row) Object.assign(row, { status: 'written_off', outDate: dayOf(e), outReason: ev.data.reason });
        }
      }
    } else if (e.streamId.startsWith('fund-request-')) {
      if (e.type === 'DisbursementRecorded') {
        const d = e.data as DisbursementRecorded['data'];
        if (d.source === 'stock') payments.set(d.disbursementId, { receiptDueOn: d.receiptDueOn, settled: null });
      } else if (e.type === 'ReceiptRecorded' || e.type === 'LostReceiptAttested' || e.type === 'RequestDisbursementVoided') {
        const { disbursementId } = e.data as (ReceiptRecorded | LostReceiptAttested)['data'];
        const payment = payments.get(disbursementId);
        if (payment) payment.settled = e.type === 'ReceiptRecorded' ? 'receipt_recorded' : e.type === 'LostReceiptAttested' ? 'lost_receipt_attested' : 'voided';
      }
    }
  }
  const receiptOf = (disbursementId: string | null): ReceiptStatus | null => {
    const payment = disbursementId ? payments.get(disbursementId) : undefined;
    if (!payment) return null;
    if (payment.settled) return payment.settled;
    if (!payment.receiptDueOn) return 'not_required';
    return payment.receiptDueOn < asOf ? 'overdue' : 'due';
  };
  return [...rows.values()]
    .map((row) => ({ ...row, receiptStatus: receiptOf(row.disbursementId) }))
    .sort((a, b) => a.itemId.localeCompare(b.itemId) || a.serial.localeCompare(b.serial));
}

export const GIFT_CARD_LOG_COLUMNS = [
  'serial',
  'item_id',
  'kind',
  'category',
  'face_value_cents',
  'face_value_usd',
  'source',
  'source_id',
  'payee_id',
  'paid_on',
  'purchased_by',
  'received_by',
  'in_date',
  'custodian',
  'status',
  'out_date',
  'out_reason',
  'request_id',
  'disbursement_id',
  'receipt_status',
  'variances',
] as const;

/** Variances in one cell: `countId:finding:countedOn[:adjusted]`, separated by spaces. */
export const describeVariances = (variances: readonly GiftCardVariance[]) =>
  variances.map((v) => `${v.countId}:${v.finding}:${v.countedOn}${v.adjusted ? ':adjusted' : ''}`).join(' ');

export function giftCardLogCells(row: GiftCardLogRow): (string | number)[] {
  const text = (v: string | null) => safeText(v);
  return [
    text(row.serial),
    text(row.itemId),
    row.kind,
    row.category,
    row.faceValueCents,
    dollars(row.faceValueCents),
    row.source,
    text(row.sourceId),
    text(row.payeeId),
    text(row.paidOn),
    text(row.purchasedBy),
    text(row.receivedBy),
    text(row.inDate),
    text(row.custodian),
    row.status,
    text(row.outDate),
    text(row.outReason),
    text(row.requestId),
    text(row.disbursementId),
    text(row.receiptStatus),
    describeVariances(row.variances),
  ];
}
