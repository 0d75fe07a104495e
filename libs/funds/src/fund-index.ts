import { PersistentMap } from './persistent-map';

/** One payment as the fund recorded it (the same shape as `Disbursement` in the fund's state). */
interface Paid {
  readonly requestId: string;
  readonly amountCents: number;
  readonly voided: boolean;
}

export interface LineTotals {
  readonly reservedCents: number;
  readonly spentCents: number;
}

/**
 * What a fund's decisions look up, kept as its events are folded so that neither folding nor
 * deciding walks every payment: the reservations, payments and budget-line charges behind the
 * state's records (which are built from these only when read), and the sums they imply.
 */
export interface FundIndex {
  readonly reservations: PersistentMap<number>;
  /** Sum of `reservations`. */
  readonly reservedCents: number;
  readonly disbursements: PersistentMap<Paid>;
  readonly chargedTo: PersistentMap<string>;
  /** Per request: its payments not voided, whichever line it is on (to move them if its line is set later). */
  readonly paidByRequest: PersistentMap<number>;
  /** Per budget line: the reservations and unvoided payments of the requests charged to it. */
  readonly lines: ReadonlyMap<string, LineTotals>;
}

export const EMPTY_INDEX: FundIndex = {
  reservations: PersistentMap.empty(),
  reservedCents: 0,
  disbursements: PersistentMap.empty(),
  chargedTo: PersistentMap.empty(),
  paidByRequest: PersistentMap.empty(),
  lines: new Map(),
};

const paidOf = (d: Paid | undefined) => (d && !d.voided ? d.amountCents : 0);

function addToLine(lines: ReadonlyMap<string, LineTotals>, lineId: string | undefined, reservedCents: number, spentCents: number): ReadonlyMap<string, LineTotals> {
  if (lineId === undefined || (reservedCents === 0 && spentCents === 0)) return lines;
  const before = lines.get(lineId) ?? { reservedCents: 0, spentCents: 0 };
  return new Map(lines).set(lineId, { reservedCents: before.reservedCents + reservedCents, spentCents: before.spentCents + spentCents });
}

/** The request's outstanding reservation becomes `cents`; none is kept at 0 or below, and a key set again moves last (as the records always did). */
export function withReservation(index: FundIndex, requestId: string, cents: number): FundIndex {
  const before = index.reservations.get(requestId) ?? 0;
  const after = cents > 0 ? cents : 0;
  return {
    ...index,
    reservations: cents > 0 ? index.reservations.set(requestId, cents, true) : index.reservations.delete(requestId),
    reservedCents: index.reservedCents - before + after,
    lines: addToLine(index.lines, index.chargedTo.get(requestId), after - before, 0),
  };
}

/** Records (or replaces) a payment; what it counts on its request and line follows. */
export function withDisbursement(index: FundIndex, disbursementId: string, paid: Paid): FundIndex {
  const before = index.disbursements.get(disbursementId);
  let paidByRequest = index.paidByRequest;
  let lines = index.lines;
  const move = (requestId: string, cents: number) => {
    if (cents === 0) return;
    const total = (paidByRequest.get(requestId) ?? 0) + cents;
    paidByRequest = total === 0 ? paidByRequest.delete(requestId) : paidByRequest.set(requestId, total);
    lines = addToLine(lines, index.chargedTo.get(requestId), 0, cents);
  };
  if (before) move(before.requestId, -paidOf(before));
  move(paid.requestId, paidOf(paid));
  return { ...index, disbursements: index.disbursements.set(disbursementId, paid), paidByRequest, lines };
}

/** Charges the request's money to a line: what it already holds and was paid moves with it. */
export function withCharge(index: FundIndex, requestId: string, lineId: string): FundIndex {
  const before = index.chargedTo.get(requestId);
  if (before === lineId) return index;
  const reservedCents = index.reservations.get(requestId) ?? 0;
  const spentCents = index.paidByRequest.get(requestId) ?? 0;
  const lines = addToLine(addToLine(index.lines, before, -reservedCents, -spentCents), lineId, reservedCents, spentCents);
  return { ...index, chargedTo: index.chargedTo.set(requestId, lineId), lines };
}

/** The index of records built by hand (or copied by a spread): once per state. */
export function indexRecords(
  reservations: Readonly<Record<string, number>>,
  disbursements: Readonly<Record<string, Paid>>,
  chargedTo: Readonly<Record<string, string>>,
): FundIndex {
  let index: FundIndex = { ...EMPTY_INDEX, chargedTo: PersistentMap.fromRecord(chargedTo) };
  for (const [requestId, cents] of Object.entries(reservations)) {
    // Kept as recorded, even a value a fold would not have kept, so the sums are the record's.
    index = {
      ...index,
      reservations: index.reservations.set(requestId, cents),
      reservedCents: index.reservedCents + cents,
      lines: addToLine(index.lines, index.chargedTo.get(requestId), cents, 0),
    };
  }
  for (const [disbursementId, paid] of Object.entries(disbursements)) index = withDisbursement(index, disbursementId, paid);
  return index;
}
