import { Injectable } from '@nestjs/common';
import type { EventHandler, Migration, RecordedEvent, SqlExecutor } from '@fund/event-sourcing';
import type { FundEvent } from '@fund/funds';
import type { StockEvent } from '@fund/inventory';

export const BALANCE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'fund balances and stock levels',
    sql: `
CREATE TABLE rv_funds (
  fund_id text PRIMARY KEY,
  version bigint NOT NULL,
  name text NOT NULL,
  restricted boolean NOT NULL,
  received_cents bigint NOT NULL DEFAULT 0,
  reserved_cents bigint NOT NULL DEFAULT 0,
  disbursed_cents bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL
);
CREATE TABLE rv_stock (
  item_id text PRIMARY KEY,
  version bigint NOT NULL,
  kind text NOT NULL,
  category text NOT NULL,
  unit_value_cents bigint NOT NULL,
  on_hand integer NOT NULL DEFAULT 0,
  received integer NOT NULL DEFAULT 0,
  issued integer NOT NULL DEFAULT 0,
  written_off integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL
);
`,
  },
];

interface FundRow {
  fund_id: string;
  version: number;
  name: string;
  restricted: boolean;
  received_cents: number;
  reserved_cents: number;
  disbursed_cents: number;
  updated_at: string;
}

interface StockRow {
  item_id: string;
  version: number;
  kind: string;
  category: string;
  unit_value_cents: number;
  on_hand: number;
  received: number;
  issued: number;
  written_off: number;
  updated_at: string;
}

/** [received, reserved, disbursed] signs of each fund event's amount. */
const FUND_DELTA: Record<FundEvent['type'], [number, number, number]> = {
  FundOpened: [0, 0, 0],
  // A grant's restrictions change what the fund may pay for, not what it holds.
  FundRestrictionsSet: [0, 0, 0],
  MoneyReceived: [1, 0, 0],
  MoneyReserved: [0, 1, 0],
  ReservationReleased: [0, -1, 0],
  // Paying out draws the reservation down; a void puts both back.
  MoneyDisbursed: [0, -1, 1],
  DisbursementVoided: [0, 1, -1],
  // A close-out's releases are ReservationReleased events of their own.
  GrantClosedOut: [0, 0, 0],
  // Cards bought for stock: money out of the fund without a reservation (as the fund counts it).
  MoneySpentOnStock: [0, 0, 1],
  // Donated stock sold: its proceeds are money in, like a gift of money.
  SaleProceedsReceived: [1, 0, 0],
};

const isFundStream = (id: string) => id.startsWith('fund-') && !id.startsWith('fund-request-');

/**
 * Fund balances (received, reserved, disbursed, available) and stock levels, for the queues.
 * Folded per batch in memory under each row's version guard, written back with one upsert per
 * table.
 */
/** The read model's name (its checkpoint): fund balances and stock on hand. */
export const BALANCES = 'balances';

@Injectable()
export class BalancesProjection implements EventHandler {
  readonly name = BALANCES;
  readonly migrations = BALANCE_MIGRATIONS;

  accepts(event: RecordedEvent): boolean {
    return isFundStream(event.streamId) || event.streamId.startsWith('stock-');
  }

  async handle(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void> {
    const fundEvents = events.filter((e) => isFundStream(e.streamId)) as RecordedEvent<FundEvent>[];
    const stockEvents = events.filter((e) => e.streamId.startsWith('stock-')) as RecordedEvent<StockEvent>[];
    if (fundEvents.length > 0) await this.funds(fundEvents, tx);
    if (stockEvents.length > 0) await this.stock(stockEvents, tx);
  }

  async reset(tx: SqlExecutor): Promise<void> {
    await tx.query('TRUNCATE rv_funds, rv_stock');
  }

  private async funds(events: RecordedEvent<FundEvent>[], tx: SqlExecutor): Promise<void> {
    const ids = [...new Set(events.map((e) => e.streamId.slice('fund-'.length)))];
    const { rows } = await tx.query<{ row: FundRow }>('SELECT to_jsonb(f) AS row FROM rv_funds f WHERE fund_id = ANY($1::text[])', [ids]);
    const funds = new Map(rows.map(({ row }) => [row.fund_id, row]));
    const changed = new Set<string>();
    for (const e of events) {
      const fundId = e.streamId.slice('fund-'.length);
      const at = e.metadata.occurredAt;
      const fund = funds.get(fundId);
      if (e.type === 'FundOpened') {
        if (fund) continue;
        const opened = { fund_id: fundId, version: e.streamVersion, name: e.data.name, restricted: e.data.restricted, received_cents: 0, reserved_cents: 0, disbursed_cents: 0, updated_at: at };
        funds.set(fundId, opened);
      } else {
        if (!fund || fund.version >= e.streamVersion) continue;
        const [received, reserved, disbursed] = FUND_DELTA[e.type].map((sign) => sign * ('amountCents' in e.data ? e.data.amountCents : 0)) as [number, number, number];
        fund.received_cents += received;
        fund.reserved_cents += reserved;
        fund.disbursed_cents += disbursed;
        fund.version = e.streamVersion;
        fund.updated_at = at;
      }
      changed.add(fundId);
    }
    if (changed.size === 0) return;
    await tx.query(
      `INSERT INTO rv_funds (fund_id, version, name, restricted, received_cents, reserved_cents, disbursed_cents, updated_at)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS f(fund_id text, version bigint, name text, restricted boolean, received_cents bigint,
         reserved_cents bigint, disbursed_cents bigint, updated_at timestamptz)
       ON CONFLICT (fund_id) DO UPDATE SET version = EXCLUDED.version, received_cents = EXCLUDED.received_cents,
         reserved_cents = EXCLUDED.reserved_cents, disbursed_cents = EXCLUDED.disbursed_cents, updated_at = EXCLUDED.updated_at`,
      [JSON.stringify([...changed].map((id) => funds.get(id)))],
    );
  }

  private async stock(events: RecordedEvent<StockEvent>[], tx: SqlExecutor): Promise<void> {
    const ids = [...new Set(events.map((e) => e.streamId.slice('stock-'.length)))];
    const { rows } = await tx.query<{ row: StockRow }>('SELECT to_jsonb(s) AS row FROM rv_stock s WHERE item_id = ANY($1::text[])', [ids]);
    const items = new Map(rows.map(({ row }) => [row.item_id, row]));
    const changed = new Set<string>();
    for (const e of events) {
      const itemId = e.streamId.slice('stock-'.length);
      const at = e.metadata.occurredAt;
      const item = items.get(itemId);
      if (item && item.version >= e.streamVersion) continue;
      if (e.type === 'StockReceived') {
        if (item) {
          item.on_hand += e.data.quantity;
          item.received += e.data.quantity;
          item.version = e.streamVersion;
          item.updated_at = at;
        } else {
          const { kind, category, unitValueCents, quantity } = e.data;
          items.set(itemId, { item_id: itemId, version: e.streamVersion, kind, category, unit_value_cents: unitValueCents, on_hand: quantity, received: quantity, issued: 0, written_off: 0, updated_at: at });
        }
      } else {
        if (!item) continue;
        if (e.type === 'StockIssued') {
          item.on_hand -= e.data.quantity;
          item.issued += e.data.quantity;
        } else if (e.type === 'StockSold') {
          // Sold units leave the shelf; the ledger's in-kind disclosure counts them as sold.
          item.on_hand -= e.data.quantity;
        } else {
          item.on_hand += e.data.quantityDelta;
          item.written_off -= e.data.quantityDelta;
        }
        item.version = e.streamVersion;
        item.updated_at = at;
      }
      changed.add(itemId);
    }
    if (changed.size === 0) return;
    await tx.query(
      `INSERT INTO rv_stock (item_id, version, kind, category, unit_value_cents, on_hand, received, issued, written_off, updated_at)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS s(item_id text, version bigint, kind text, category text, unit_value_cents bigint,
         on_hand integer, received integer, issued integer, written_off integer, updated_at timestamptz)
       ON CONFLICT (item_id) DO UPDATE SET version = EXCLUDED.version, on_hand = EXCLUDED.on_hand, received = EXCLUDED.received,
         issued = EXCLUDED.issued, written_off = EXCLUDED.written_off, updated_at = EXCLUDED.updated_at`,
      [JSON.stringify([...changed].map((id) => items.get(id)))],
    );
  }
}
