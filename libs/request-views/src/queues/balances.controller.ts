import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { SqlDatabase } from '@fund/event-sourcing';
import { Allow } from '@fund/auth';
import { READ_DATABASE, ReadsFrom } from '@fund/platform';
import { BALANCES } from '../balances.projection';
import { FundBalancesView, StockBalancesView } from '../queue.view';

@ApiTags('balances')
@ApiBearerAuth()
@ReadsFrom(BALANCES)
@Controller('balances')
export class BalancesController {
  constructor(@Inject(READ_DATABASE) private readonly db: SqlDatabase) {}

  @Get('funds')
  @Allow('coordinator', 'auditor', 'council')
  @ApiOperation({ summary: "Balances of every fund" })
  @ApiOkResponse({ type: FundBalancesView })
  async funds() {
    const { rows } = await this.db.query<{ fund_id: string; name: string; restricted: boolean; received_cents: string; reserved_cents: string; disbursed_cents: string }>(
      'SELECT fund_id, name, restricted, received_cents, reserved_cents, disbursed_cents FROM rv_funds ORDER BY fund_id',
    );
    return {
      items: rows.map((r) => {
        const received = Number(r.received_cents);
        const reserved = Number(r.reserved_cents);
        const disbursed = Number(r.disbursed_cents);
        return {
          fundId: r.fund_id,
          name: r.name,
          restricted: r.restricted,
          receivedCents: received,
          reservedCents: reserved,
          disbursedCents: disbursed,
          balanceCents: received - disbursed,
          availableCents: received - disbursed - reserved,
        };
      }),
    };
  }

  @Get('stock')
  @Allow('coordinator', 'auditor')
  @ApiOperation({ summary: "Stock on hand of every item" })
  @ApiOkResponse({ type: StockBalancesView })
  async stock() {
    const { rows } = await this.db.query<{ item_id: string; kind: string; category: string; unit_value_cents: string; on_hand: number; received: number; issued: number; written_off: number }>(
      'SELECT item_id, kind, category, unit_value_cents, on_hand, received, issued, written_off FROM rv_stock ORDER BY item_id',
    );
    return {
      items: rows.map((r) => ({
        itemId: r.item_id,
        kind: r.kind,
        category: r.category,
        unitValueCents: Number(r.unit_value_cents),
        onHand: r.on_hand,
        valueOnHandCents: r.on_hand * Number(r.unit_value_cents),
        received: r.received,
        issued: r.issued,
        writtenOff: r.written_off,
      })),
    };
  }
}
