import type { EffectiveDateSource } from './ledger.canonical';
import type { JournaledEvent } from './ledger.journal';

/**
 * Readable names beside the stable codes, for people reading an entry or an export. Derived
 * from the codes on read and never hashed: rewording a label cannot break the chain.
 */
const EVENT_LABELS: Readonly<Record<JournaledEvent['type'] | 'PeriodClosed', string>> = {
  MonetaryDonationRecorded: 'Money donated',
  StockReceived: 'Cards or goods received',
  MoneyReserved: 'Money reserved for an approved request',
  ReservationReleased: 'Reservation released',
  MoneyDisbursed: 'Money paid out',
  DisbursementVoided: 'Payment voided',
  StockIssued: 'Cards or goods handed over',
  StockAdjusted: 'Stock written off',
  CardPurchaseRecorded: 'Cards bought from a vendor',
  StockSold: 'Donated cards or goods sold',
  PeriodClosed: 'Period closed (trial balance sealed)',
};

export function entryLabel(eventType: string): string {
  return (EVENT_LABELS as Readonly<Record<string, string>>)[eventType] ?? eventType;
}

const words = (code: string) => code.replace(/[_-]/g, ' ');

/** The account's meaning in words, from the chart of accounts (ledger.accounts.ts). */
export function accountLabel(account: string): string {
  const [head, ...rest] = account.split(':');
  const tail = rest.join(':');
  switch (head) {
    case 'cash':
      return `Cash held (fund ${tail})`;
    case 'stock':
      return `Stock on hand (item ${tail})`;
    case 'stock-on-order':
      return `Cards paid for and not yet received (purchase ${tail})`;
    case 'donations': {
      const [kind, what = '', qualifier] = rest;
      if (kind === 'monetary') return qualifier ? `Monetary donations with donor restrictions (${words(what)} donors)` : `Monetary donations (${words(what)} donors)`;
      return qualifier ? `In-kind donations (${words(what)}) valued at ${words(qualifier)}` : `In-kind donations (${words(what)})`;
    }
    case 'net-asset-release': {
      const side = rest.at(-1);
      const fund = rest.slice(0, -1).join(':');
      return side === 'with-donor-restrictions'
        ? `Net assets released from restriction (fund ${fund}): with donor restrictions`
        : `Net assets released from restriction (fund ${fund}): without donor restrictions`;
    }
    case 'assistance':
      return `Assistance given (${words(tail)})`;
    case 'stock-writeoff':
      return `Stock written off (${words(tail)})`;
    case 'gain-on-sale':
      return `Gain on sale of donated stock (${words(tail)})`;
    case 'loss-on-sale':
      return `Loss on sale of donated stock (${words(tail)})`;
    case 'net-assets': {
      const designation = rest.at(-1);
      const fund = rest.slice(0, -1).join(':');
      return designation === 'committed' ? `Net assets committed to approved requests (fund ${fund})` : `Net assets available (fund ${fund})`;
    }
    default:
      return account;
  }
}

export function effectiveDateSourceLabel(source: EffectiveDateSource): string {
  return source === 'event' ? 'when the money or goods moved' : 'recorded day (the event states no other date)';
}
