import { Controller, Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow } from '@fund/auth';
import { ApiErrors, etag } from '@fund/platform';
import { StockItemParams, StockView } from '../stock.view';
import { GetStockQuery } from './get-stock.query';

@ApiTags('stock')
@ApiBearerAuth()
@Controller('stock')
export class GetStockController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':itemId')
  @Allow('coordinator', 'auditor')
  @ApiOperation({ summary: "Read the stock of an item" })
  @ApiErrors({ 404: [['INVENTORY.NOT_FOUND', "No stock item with this id"]] })
  @ApiOkResponse({ type: StockView, description: 'ETag carries the stock stream version' })
  async get(@Param() params: StockItemParams, @Res({ passthrough: true }) res: Response): Promise<StockView> {
    const { version, stock } = await this.queries.execute(new GetStockQuery(params.itemId));
    res.setHeader('ETag', etag(version));
    return stock;
  }
}
