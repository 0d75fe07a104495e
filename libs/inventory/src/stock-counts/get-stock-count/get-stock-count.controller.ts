import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow } from '@fund/auth';
import { DomainError, loadStreamState, type EventStore } from '@fund/event-sourcing';
import { ApiErrors, EVENT_STORE, etag } from '@fund/platform';
import { stockCountDecider, stockCountStreamId } from '../stock-count.decider';
import { StockCountParams, StockCountView, toStockCountView } from '../stock-count.view';

@ApiTags('stock')
@ApiBearerAuth()
@Controller('stock-counts')
export class GetStockCountController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get(':countId')
  @Allow('coordinator', 'auditor')
  @ApiOperation({ summary: 'Read a physical count of cards' })
  @ApiErrors({ 404: [['STOCK_COUNT.NOT_FOUND', 'No stock count with this id']] })
  @ApiOkResponse({ type: StockCountView, description: 'ETag carries the count stream version' })
  async get(@Param() params: StockCountParams, @Res({ passthrough: true }) res: Response): Promise<StockCountView> {
    const { version, state } = await loadStreamState(this.store, stockCountStreamId(params.countId), stockCountDecider);
    if (state.status === 'none') throw new DomainError('STOCK_COUNT.NOT_FOUND', 'No stock count with this id', {}, 'not_found');
    res.setHeader('ETag', etag(version));
    return toStockCountView(state);
  }
}
