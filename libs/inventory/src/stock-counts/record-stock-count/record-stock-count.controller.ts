import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow } from '@fund/auth';
import type { CommandContext } from '@fund/event-sourcing';
import { ApiErrors, Ctx, etag } from '@fund/platform';
import { StockItemParams } from '../../stock.view';
import { StockCountResult } from '../stock-count.view';
import { RecordStockCountDto } from './record-stock-count.dto';
import { RecordStockCountCommand } from './record-stock-count.handler';

@ApiTags('stock')
@ApiBearerAuth()
@Controller('stock')
export class RecordStockCountController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':itemId/counts')
  @HttpCode(201)
  @Allow('coordinator')
  @ApiOperation({
    summary: 'Record a physical count of cards',
    description: 'Lists the serials found with one custodian; the answer names the serials expected, the missing and the unexpected ones. Missing cards are written off only when a second coordinator approves.',
  })
  @ApiErrors({
    409: [['STOCK_COUNT.ALREADY_RECORDED', 'A count with this id is already recorded']],
    422: [['STOCK_COUNT.NOT_A_CARD_ITEM', 'Counts list serials: only a card item already in stock is counted', { field: 'itemId' }]],
  })
  @ApiCreatedResponse({ type: StockCountResult, description: 'the count with its variance; ETag carries the count stream version' })
  async record(
    @Param() params: StockItemParams,
    @Body() body: RecordStockCountDto,
    @Ctx() context: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StockCountResult> {
    const { version, count } = await this.commands.execute(new RecordStockCountCommand(params.itemId, body, context));
    res.setHeader('ETag', etag(version)).location(`/stock-counts/${count.countId}`);
    return count;
  }
}
