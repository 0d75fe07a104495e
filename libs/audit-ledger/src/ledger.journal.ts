import type { MonetaryDonationRecorded } from '@fund/donations';
import type { RecordedEvent } from '@fund/event-sourcing';
import type { FundRequestSubmitted } from '@fund/fund-requests';
import type { DisbursementVoided, MoneyDisbursed, MoneyReserved, ReservationReleased } from '@fund/funds';
import type { CardPurchaseRecorded, StockAdjusted, StockIssued, StockReceived, StockSold } from '@fund/inventory';
import {
  assistanceAccount,
  availableNetAssetsAccount,
  cashAccount,
  committedNetAssetsAccount,
  gainOnSaleAccount,
  inKindDonationsAccount,
  lossOnSaleAccount,
  monetaryDonationsAccount,
  releasedFromRestrictionAccount,
  releasedToUnrestrictedAccount,
  restrictedMonetaryDonationsAccount,
  stockAccount,
  stockOnOrderAccount,
  stockWriteOffAccount,
} from './ledger.accounts';
import { NO_REFERENCES, type CanonicalFormatVersion, type EffectiveDateSource, type EntryReferences, type LedgerEntry, type LedgerLine } from './ledger.canonical';

/**
 * The events that move money or stock. Money in is counted from the donation
 * (`MonetaryDonationRecorded`, which knows the donor kind), never also from the fund's
 * `MoneyReceived`; goods in from `StockReceived` (one per item, with its value), never also from
 * `InKindDonationRecorded`. The request's own `RequestDisbursementVoided` is the fund's
 * `DisbursementVoided` seen from the other side, so only the fund's is journaled.
 */
export type JournaledEvent =
  | MonetaryDonationRecorded
  | StockReceived
  | MoneyReserved
  | ReservationReleased
  | MoneyDisbursed
  | DisbursementVoided
  | StockIssued
  | StockAdjusted
  | CardPurchaseRecorded
  | StockSold;

export const JOURNALED_EVENT_TYPES: readonly JournaledEvent['type'][] = [
  'MonetaryDonationRecorded',
  'StockReceived',
  'MoneyReserved',
  'ReservationReleased',
  'MoneyDisbursed',
  'DisbursementVoided',
  'StockIssued',
  'StockAdjusted',
  'CardPurchaseRecorded',
  'StockSold',
];

/** Events the ledger only learns a fact from (kept in its lookup tables), never posts. */
export type LookupEvent = FundRequestSubmitted | StockReceived;

/** What an entry needs to know that its own event does not carry. */
export interface JournalLookups {
  /** The expense category the request was submitted under. */
  requestCategory(requestId: string): string | undefined;
  /** The item's category and its one unit value (fixed per item by the stock decider). */
  stockItem(itemId: string): { readonly category: string; readonly unitValueCents: number } | undefined;
  /**
   * Whether the fund's money is with donor restrictions: it has received restricted money
   * journaled under posting scheme 2. Absent: no fund is (scheme 1 behaviour).
   */
  fundRestricted?(fundId: string): boolean;
}

/**
 * How events become lines. 1: as first journaled (one revenue account per donor kind, no
 * classes). 2: net asset classes: restricted money is credited to its own revenue account, and a
 * payment out of a restricted fund (or its void) carries a release from restriction. A ledger
 * keeps scheme 1 for the events it journaled before scheme 2 existed, so a rebuild reproduces
 * their lines and hashes; see `ledger_posting_schemes`.
 */
export const POSTING_SCHEMES = [1, 2] as const;
export type PostingScheme = (typeof POSTING_SCHEMES)[number];
export const CURRENT_POSTING_SCHEME: PostingScheme = 2;

/** What the mapping decides; the projection adds the event's identity to make an entry. */
export interface JournalPosting {
  readonly fundId: string | null;
  readonly category: string | null;
  readonly lines: readonly LedgerLine[];
  readonly references: EntryReferences;
  /** The day the event says money or goods moved; absent when it does not say. */
  readonly movedOn?: string;
}

/** A request whose submission the ledger never saw still posts, visibly, under this category. */
export const UNKNOWN_CATEGORY = 'uncategorized';

const FUND_STREAM_PREFIX = 'fund-';

export function isJournaled(type: string): type is JournaledEvent['type'] {
  return (JOURNALED_EVENT_TYPES as readonly string[]).includes(type);
}

/** Debit/credit pairs, numbered in order: every posting is balanced by construction. */
function pairs(...transfers: readonly (readonly [debit: string, credit: string, cents: number])[]): LedgerLine[] {
  return transfers.flatMap(([debit, credit, cents], i) => [
    { line: 2 * i + 1, account: debit, debitCents: cents, creditCents: 0 },
    { line: 2 * i + 2, account: credit, debitCents: 0, creditCents: cents },
  ]);
}

function fundOf(streamId: string): string {
  return streamId.startsWith(FUND_STREAM_PREFIX) ? streamId.slice(FUND_STREAM_PREFIX.length) : streamId;
}

/**
 * The posting for one event, or null when the event moves neither money nor stock. Pure: the
 * same event and lookups always give the same lines, so a rebuild reproduces every hash.
 */
export function journal(event: RecordedEvent, lookups: JournalLookups, scheme: PostingScheme = CURRENT_POSTING_SCHEME): JournalPosting | null {
  if (!isJournaled(event.type)) return null;
  const e = { type: event.type, data: event.data } as JournaledEvent;
  const categoryOf = (requestId: string) => lookups.requestCategory(requestId) ?? UNKNOWN_CATEGORY;
  // Only a restricted fund's own payments release: the fund decider has already held them to the grant's purpose and period.
  const releases = (fundId: string) => scheme >= 2 && (lookups.fundRestricted?.(fundId) ?? false);
  switch (e.type) {
    case 'MonetaryDonationRecorded': {
      const { fundId, amountCents, donorKind, restricted } = e.data;
      const revenue = scheme >= 2 && restricted ? restrictedMonetaryDonationsAccount(donorKind) : monetaryDonationsAccount(donorKind);
      return {
        fundId,
        category: null,
        lines: pairs([cashAccount(fundId), revenue, amountCents]),
        references: refs({ donationId: e.data.donationId }),
        movedOn: e.data.receivedOn,
      };
    }
    case 'StockReceived': {
      const { itemId, category, quantity, unitValueCents, serials, donationId, receivedOn, valuationMethod, purchaseId } = e.data;
      if (purchaseId) {
        // Bought cards: the fund paid for them already (CardPurchaseRecorded); they move from on order into stock.
        return {
          fundId: null,
          category,
          lines: pairs([stockAccount(itemId), stockOnOrderAccount(purchaseId), quantity * unitValueCents]),
          references: refs({ itemId, serials }),
          ...(receivedOn ? { movedOn: receivedOn } : {}),
        };
      }
      return {
        fundId: null,
        category,
        lines: pairs([stockAccount(itemId), inKindDonationsAccount(category, scheme >= 2 ? valuationMethod : undefined), quantity * unitValueCents]),
        references: refs({ itemId, donationId, serials }),
        ...(receivedOn ? { movedOn: receivedOn } : {}),
      };
    }
    case 'MoneyReserved': {
      const fundId = fundOf(event.streamId);
      const { requestId, amountCents } = e.data;
      return {
        fundId,
        category: categoryOf(requestId),
        lines: pairs([availableNetAssetsAccount(fundId), committedNetAssetsAccount(fundId), amountCents]),
        references: refs({ requestId }),
      };
    }
    case 'ReservationReleased': {
      const fundId = fundOf(event.streamId);
      const { requestId, amountCents } = e.data;
      return {
        fundId,
        category: categoryOf(requestId),
        lines: pairs([committedNetAssetsAccount(fundId), availableNetAssetsAccount(fundId), amountCents]),
        references: refs({ requestId }),
      };
    }
    case 'MoneyDisbursed': {
      // Money leaves the fund, and the part of the reservation it drew down is no longer committed.
      const fundId = fundOf(event.streamId);
      const { requestId, disbursementId, amountCents, paidOn, payeeId, paymentReference } = e.data;
      const category = categoryOf(requestId);
      return {
        fundId,
        category,
        lines: pairs(
          [assistanceAccount(category), cashAccount(fundId), amountCents],
          [committedNetAssetsAccount(fundId), availableNetAssetsAccount(fundId), amountCents],
          ...(releases(fundId) ? [[releasedFromRestrictionAccount(fundId), releasedToUnrestrictedAccount(fundId), amountCents] as const] : []),
        ),
        references: refs({ requestId, disbursementId, payeeId, paymentReference }),
        ...(paidOn ? { movedOn: paidOn } : {}),
      };
    }
    case 'DisbursementVoided': {
      // The mirror of MoneyDisbursed, as a new entry: the money and the reservation come back.
      const fundId = fundOf(event.streamId);
      const { requestId, disbursementId, amountCents } = e.data;
      const category = categoryOf(requestId);
      return {
        fundId,
        category,
        lines: pairs(
          [cashAccount(fundId), assistanceAccount(category), amountCents],
          [availableNetAssetsAccount(fundId), committedNetAssetsAccount(fundId), amountCents],
          // The money is restricted again: the release is reversed, as a new pair.
          ...(releases(fundId) ? [[releasedToUnrestrictedAccount(fundId), releasedFromRestrictionAccount(fundId), amountCents] as const] : []),
        ),
        references: refs({ requestId, disbursementId }),
      };
    }
    case 'StockIssued': {
      const { itemId, quantity, unitValueCents, requestId, disbursementId, serials } = e.data;
      const category = categoryOf(requestId);
      return {
        fundId: null,
        category,
        lines: pairs([assistanceAccount(category), stockAccount(itemId), quantity * unitValueCents]),
        references: refs({ requestId, disbursementId, itemId, serials }),
      };
    }
    case 'CardPurchaseRecorded': {
      // Money leaves the fund for the vendor: the cards at face value wait on order until a second
      // coordinator confirms them; the fees are a cost of the help the cards are for.
      const { fundId, purchaseId, itemId, category, faceValueCents, quantity, feesCents, costCents, serials, paidOn, payeeId, paymentReference } = e.data;
      return {
        fundId,
        category,
        lines: pairs(
          [stockOnOrderAccount(purchaseId), cashAccount(fundId), faceValueCents * quantity],
          ...(feesCents > 0 ? [[assistanceAccount(category), cashAccount(fundId), feesCents] as const] : []),
          ...(releases(fundId) ? [[releasedFromRestrictionAccount(fundId), releasedToUnrestrictedAccount(fundId), costCents] as const] : []),
        ),
        references: refs({ itemId, serials, payeeId, paymentReference: paymentReference ?? undefined }),
        movedOn: paidOn,
      };
    }
    case 'StockSold': {
      // Donated stock sold: it leaves at its recorded value, the proceeds come in as the fund's
      // cash (never also from the fund's SaleProceedsReceived), the difference is a gain or loss.
      const { itemId, category, quantity, unitValueCents, proceedsCents, fundId, serials, buyerPayeeId, soldOn } = e.data;
      const valueCents = quantity * unitValueCents;
      const transfers: (readonly [string, string, number])[] = [
        [cashAccount(fundId), stockAccount(itemId), Math.min(proceedsCents, valueCents)],
        [cashAccount(fundId), gainOnSaleAccount(category), proceedsCents - valueCents],
        [lossOnSaleAccount(category), stockAccount(itemId), valueCents - proceedsCents],
      ];
      return {
        fundId,
        category,
        lines: pairs(...transfers.filter(([, , cents]) => cents > 0)),
        references: refs({ itemId, serials, payeeId: buyerPayeeId }),
        movedOn: soldOn,
      };
    }
    case 'StockAdjusted': {
      const { itemId, quantityDelta, reason, serials } = e.data;
      const item = lookups.stockItem(itemId);
      // The value of stock written off comes from its receipt; without one, posting a guess would
      // make the ledger wrong silently, so the batch fails and the projection reports it.
      if (!item) throw new Error(`audit-ledger: StockAdjusted for item ${itemId} before any StockReceived`);
      return {
        fundId: null,
        category: item.category,
        lines: pairs([stockWriteOffAccount(reason), stockAccount(itemId), -quantityDelta * item.unitValueCents]),
        references: refs({ itemId, serials }),
      };
    }
  }
}

/** A full set of references: every key present, null where the event has none. */
function refs(given: { [K in keyof EntryReferences]?: EntryReferences[K] | undefined }): EntryReferences {
  return {
    requestId: given.requestId ?? null,
    disbursementId: given.disbursementId ?? null,
    donationId: given.donationId ?? null,
    itemId: given.itemId ?? null,
    serials: given.serials && given.serials.length > 0 ? [...given.serials] : null,
    payeeId: given.payeeId ?? null,
    paymentReference: given.paymentReference ? { kind: given.paymentReference.kind, value: given.paymentReference.value } : null,
  };
}

/** The effective date of an entry: the day the event says money or goods moved, else the day it was recorded, flagged as such. */
export function effectiveDateOf(occurredAt: string, movedOn: string | undefined): { effectiveDate: string; effectiveDateSource: EffectiveDateSource } {
  return movedOn ? { effectiveDate: movedOn, effectiveDateSource: 'event' } : { effectiveDate: occurredAt.slice(0, 10), effectiveDateSource: 'recorded' };
}

/**
 * Turns a posting into the full entry for its event: identity, actor, time, protocol version,
 * references and effective date, hashed under `format` (format 1 for events the ledger journaled
 * before format 2 existed, so a rebuild reproduces their stored hashes).
 */
export function toLedgerEntry(event: RecordedEvent, posting: JournalPosting, format: CanonicalFormatVersion = 2): LedgerEntry {
  const { metadata } = event;
  const occurredAt = new Date(metadata.occurredAt).toISOString();
  return {
    entryId: entryIdFor(metadata.eventId),
    eventId: metadata.eventId,
    globalPosition: event.globalPosition,
    streamId: event.streamId,
    eventType: event.type,
    occurredAt,
    actorUserId: metadata.actor.userId,
    actorRole: metadata.actor.role,
    actorOrganizationId: metadata.actor.organizationId,
    protocolVersion: metadata.protocolVersion ?? null,
    fundId: posting.fundId,
    category: posting.category,
    canonicalFormat: format,
    references: posting.references ?? NO_REFERENCES,
    ...effectiveDateOf(occurredAt, posting.movedOn),
    lines: posting.lines,
  };
}

/** One entry per event, named after it, so a rebuild names every entry the same way. */
export const entryIdFor = (eventId: string) => `je-${eventId}`;
