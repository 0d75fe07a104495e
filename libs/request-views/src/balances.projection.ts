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

/** Fund balances (received, reserved, disbursed, available) and stock levels, for the queues. */
@Injectable()
export class BalancesProjection implements EventHandler {
  readonly name = 'balances';
  readonly migrations = BALANCE_MIGRATIONS;

  async handle(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void> {
    for (const e of events) {
      if (e.streamId.startsWith('fund-') && !e.streamId.startsWith('fund-request-')) await this.fund(e as RecordedEvent<FundEvent>, tx);
      else if (e.streamId.startsWith('stock-')) await this.stock(e as RecordedEvent<StockEvent>, tx);
    }
  }

  async reset(tx: SqlExecutor): Promise<void> {
    await tx.query('TRUNCATE rv_funds, rv_stock');
  }

  private async fund(e: RecordedEvent<FundEvent>, tx: SqlExecutor): Promise<void> {
    const fundId = e.streamId.slice('fund-'.length);
    const at = e.metadata.occurredAt;
    if (e.type === 'FundOpened') {
      await tx.query(
        `INSERT INTO rv_funds (fund_id, version, name, restricted, updated_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        [fundId, e.streamVersion, e.data.name, e.data.restricted, at],
      );
      return;
    }
    const delta: Record<FundEvent['type'], [number, number, number]> = {
      FundOpened: [0, 0, 0],
      MoneyReceived: [1, 0, 0],
      MoneyReserved: [0, 1, 0],
      ReservationReleased: [0, -1, 0],
      // Paying out draws the reservation down; a void puts both back.
      MoneyDisbursed: [0, -1, 1],
      DisbursementVoided: [0, 1, -1],
    };
    const [received, reserved, disbursed] = delta[e.type].map((sign) => sign * e.data.amountCents);
    await tx.query(
      `UPDATE rv_funds SET received_cents = received_cents + $3, reserved_cents = reserved_cents + $4, disbursed_cents = disbursed_cents + $5,
         version = $2, updated_at = $6 WHERE fund_id = $1 AND version < $2`,
      [fundId, e.streamVersion, received, reserved, disbursed, at],
    );
  }

  private async stock(e: RecordedEvent<StockEvent>, tx: SqlExecutor): Promise<void> {
    const at = e.metadata.occurredAt;
    const itemId = e.streamId.slice('stock-'.length);
    if (e.type === 'StockReceived') {
      await tx.query(
        `INSERT INTO rv_stock (item_id, version, kind, category, unit_value_cents, on_hand, received, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6, $7)
         ON CONFLICT (item_id) DO UPDATE SET on_hand = rv_stock.on_hand + EXCLUDED.on_hand, received = rv_stock.received + EXCLUDED.received,
           version = EXCLUDED.version, updated_at = EXCLUDED.updated_at
         WHERE rv_stock.version < EXCLUDED.version`,
        [itemId, e.streamVersion, e.data.kind, e.data.category, e.data.unitValueCents, e.data.quantity, at],
      );
      return;
    }
    const [column, quantity] = e.type === 'StockIssued' ? ['issued', e.data.quantity] : ['written_off', -e.data.quantityDelta];
    await tx.query(
      `UPDATE rv_stock SET on_hand = on_hand - $3, ${column} = ${column} + $3, version = $2, updated_at = $4 WHERE item_id = $1 AND version < $2`,
      [itemId, e.streamVersion, quantity, at],
    );
  }
}
