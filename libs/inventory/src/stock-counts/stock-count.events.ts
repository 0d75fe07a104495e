import type { DomainEvent } from '@fund/event-sourcing';

/**
 * A physical count of one card item held by one custodian: the serials the log says are there,
 * the serials found, and the difference both ways. Counting changes nothing by itself.
 */
export type StockCountRecorded = DomainEvent<
  'StockCountRecorded',
  {
    readonly countId: string;
    readonly itemId: string;
    readonly custodian: string;
    readonly countedOn: string;
    readonly expectedSerials: readonly string[];
    readonly countedSerials: readonly string[];
    /** Expected and not found: what an approved adjustment writes off. */
    readonly missingSerials: readonly string[];
    /** Found and not expected here: recorded for follow-up, never added to stock by a count. */
    readonly unexpectedSerials: readonly string[];
    readonly countedBy: string;
  }
>;

/** A second coordinator accepted the count's missing cards as gone: the stock is adjusted by them. */
export type StockCountAdjustmentApproved = DomainEvent<
  'StockCountAdjustmentApproved',
  { readonly countId: string; readonly itemId: string; readonly serials: readonly string[]; readonly approvedBy: string }
>;

export type StockCountEvent = StockCountRecorded | StockCountAdjustmentApproved;
