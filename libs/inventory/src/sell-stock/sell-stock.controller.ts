import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow } from '@fund/auth';
import type { CommandContext } from '@fund/event-sourcing';
import { ApiErrors, ApiIfMatch, Ctx, etag, IfMatch } from '@fund/platform';
import { AdjustStockResult, StockItemParams } from '../stock.view';
import { SellStockDto } from './sell-stock.dto';
import { SellStockCommand } from './sell-stock.handler';

@ApiTags('stock')
@ApiBearerAuth()
@Controller('stock')
export class SellStockController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':itemId/sales')
  @HttpCode(201)
  @Allow('coordinator')
  @ApiOperation({
    summary: 'Record a sale of donated stock',
    description: 'Donated goods or cards sold instead of given out: the units leave stock at their recorded value and the proceeds come into a fund without restrictions as money, dated soldOn.',
  })
  @ApiErrors({
    400: [['INVENTORY.INVALID_QUANTITY', 'quantity must be a whole number of units from 1 to 100000', { field: 'quantity', min: 1, max: 100_000 }]],
    404: [['INVENTORY.NOT_FOUND', 'No stock item with this id']],
    409: [['INVENTORY.SALE_ALREADY_RECORDED', 'A sale with this id is already recorded', { field: 'saleId' }]],
    422: [
      ['INVENTORY.NOT_DONATED', 'Only donated stock may be sold; this item holds bought cards', { field: 'itemId' }],
      ['INVENTORY.INSUFFICIENT_STOCK', 'Only 2 units are on hand'],
      ['INVENTORY.UNKNOWN_SERIAL', 'This card is not on hand'],
      ['INVENTORY.UNKNOWN_BUYER', 'The buyer must be in the payee register', { field: 'buyerPayeeId' }],
      ['FUND.RESTRICTION_MISMATCH', 'The gift was unrestricted: its proceeds go to a fund without restrictions', { field: 'fundId' }],
      ['FUND.NOT_OPEN', 'This fund has not been opened'],
      ['PERIOD.CLOSED', 'This date is in a closed period: record a correction dated in the open period instead'],
    ],
  })
  @ApiIfMatch()
  @ApiCreatedResponse({ type: AdjustStockResult, description: 'the item after the sale; ETag carries the stock stream version' })
  async sell(
    @Param() params: StockItemParams,
    @Body() body: SellStockDto,
    @Ctx() context: CommandContext,
    @IfMatch() expectedVersion: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AdjustStockResult> {
    const { version, stock } = await this.commands.execute(new SellStockCommand(params.itemId, body, context, expectedVersion));
    res.setHeader('ETag', etag(version));
    return stock;
  }
}
