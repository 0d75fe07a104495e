import { DomainError, type Decider } from '@fund/event-sourcing';
import { requireSecondCoordinator } from '../card-purchases/card-purchase.decider';
import { SERIAL_PATTERN } from '../stock.decider';
import type { StockEvent } from '../stock.events';
import type { StockCountEvent, StockCountRecorded } from './stock-count.events';

export const COUNT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;
export const MAX_COUNTED_SERIALS = 5_000;
/** Cards received before custodians were recorded (donations, older purchases) are held here. */
export const UNASSIGNED_CUSTODIAN = 'unassigned';

export const stockCountStreamId = (countId: string) => `card-count-${countId}`;

/**
 * The serials the stock log says a custodian holds now: received into their custody, not issued
 * or written off since. Pure, from the item's own stream, so a count expects exactly what an
 * issue or an adjustment may still use.
 */
export function serialsHeldBy(events: readonly StockEvent[], custodian: string): string[] {
  const holder = new Map<string, string>();
  for (const event of events) {
    if (event.type === 'StockReceived') for (const serial of event.data.serials ?? []) holder.set(serial, event.data.custodian ?? UNASSIGNED_CUSTODIAN);
    else for (const serial of event.data.serials ?? []) holder.delete(serial);
  }
  return [...holder].filter(([, who]) => who === custodian).map(([serial]) => serial);
}

export type RecordStockCount = {
  readonly type: 'RecordStockCount';
  readonly data: {
    readonly countId: string;
    readonly itemId: string;
    readonly custodian: string;
    readonly countedOn: string;
    readonly countedSerials: readonly string[];
    /** `serialsHeldBy` the item's stream, read by the handler when the count is recorded. */
    readonly expectedSerials: readonly string[];
    /** Whether the item exists and holds cards. */
    readonly itemHoldsCards: boolean;
    readonly countedBy: string;
    readonly now: Date;
  };
};
export type ApproveCountAdjustment = { readonly type: 'ApproveCountAdjustment'; readonly data: { readonly approvedBy: string } };
export type StockCountCommand = RecordStockCount | ApproveCountAdjustment;

export type StockCountState =
  | { readonly status: 'none' }
  | { readonly status: 'counted'; readonly count: StockCountRecorded['data'] }
  | { readonly status: 'adjusted'; readonly count: StockCountRecorded['data']; readonly approvedBy: string };

const initialState = (): StockCountState => ({ status: 'none' });

function refuse(code: string, message: string, details: Record<string, unknown> = {}, kind: 'rule' | 'validation' | 'conflict' | 'not_found' = 'rule'): never {
  throw new DomainError(code, message, details, kind);
}

function record(data: RecordStockCount['data'], state: StockCountState): StockCountEvent[] {
  if (state.status !== 'none') refuse('STOCK_COUNT.ALREADY_RECORDED', 'A count with this id is already recorded', { field: 'countId' }, 'conflict');
  if (!data.itemHoldsCards) refuse('STOCK_COUNT.NOT_A_CARD_ITEM', 'Counts list serials: only a card item already in stock is counted', { field: 'itemId' });
  if (data.countedOn > data.now.toISOString().slice(0, 10)) refuse('STOCK_COUNT.COUNTED_IN_FUTURE', 'countedOn cannot be after today', { field: 'countedOn' });
  if (data.countedSerials.length > MAX_COUNTED_SERIALS) {
    refuse('STOCK_COUNT.TOO_MANY_SERIALS', `A count lists at most ${MAX_COUNTED_SERIALS} serials`, { field: 'countedSerials', max: MAX_COUNTED_SERIALS }, 'validation');
  }
  const seen = new Set<string>();
  data.countedSerials.forEach((serial, serialIndex) => {
    if (!SERIAL_PATTERN.test(serial)) refuse('STOCK_COUNT.INVALID_SERIAL', 'A serial is letters, digits and dashes, at most 64', { field: 'countedSerials', serialIndex }, 'validation');
    if (seen.has(serial)) refuse('STOCK_COUNT.DUPLICATE_SERIAL', 'A serial appears twice in the count', { field: 'countedSerials', serialIndex }, 'validation');
    seen.add(serial);
  });
  const expected = new Set(data.expectedSerials);
  const { countId, itemId, custodian, countedOn, countedBy } = data;
  return [
    {
      type: 'StockCountRecorded',
      data: {
        countId,
        itemId,
        custodian,
        countedOn,
        expectedSerials: [...data.expectedSerials],
        countedSerials: [...data.countedSerials],
        missingSerials: data.expectedSerials.filter((s) => !seen.has(s)),
        unexpectedSerials: data.countedSerials.filter((s) => !expected.has(s)),
        countedBy,
      },
    },
  ];
}

function approve(data: ApproveCountAdjustment['data'], state: StockCountState): StockCountEvent[] {
  if (state.status === 'none') refuse('STOCK_COUNT.NOT_FOUND', 'No stock count with this id', {}, 'not_found');
  if (state.status === 'adjusted') refuse('STOCK_COUNT.ALREADY_ADJUSTED', 'This count\'s variance is already adjusted', {}, 'conflict');
  if (state.count.missingSerials.length === 0) refuse('STOCK_COUNT.NO_MISSING_CARDS', 'This count found every card it expected: there is nothing to write off');
  // The same separation as a purchase: whoever counted does not approve their own write-off.
  try {
    requireSecondCoordinator(state.count.countedBy, data.approvedBy);
  } catch {
    refuse('STOCK_COUNT.SAME_COORDINATOR', 'The coordinator who counted does not approve the adjustment', { rule: 'dual_control' });
  }
  const { countId, itemId, missingSerials } = state.count;
  return [{ type: 'StockCountAdjustmentApproved', data: { countId, itemId, serials: [...missingSerials], approvedBy: data.approvedBy } }];
}

function decide(command: StockCountCommand, state: StockCountState): StockCountEvent[] {
  switch (command.type) {
    case 'RecordStockCount':
      return record(command.data, state);
    case 'ApproveCountAdjustment':
      return approve(command.data, state);
  }
}

function evolve(state: StockCountState, event: StockCountEvent): StockCountState {
  switch (event.type) {
    case 'StockCountRecorded':
      return { status: 'counted', count: event.data };
    case 'StockCountAdjustmentApproved':
      if (state.status !== 'counted') return state;
      return { status: 'adjusted', count: state.count, approvedBy: event.data.approvedBy };
  }
}

export const stockCountDecider: Decider<StockCountState, StockCountCommand, StockCountEvent> = { initialState, evolve, decide };

