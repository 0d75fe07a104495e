import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow } from '@fund/auth';
import type { CommandContext } from '@fund/event-sourcing';
import { Ctx, etag, IfMatch } from '@fund/platform';
import { StockItemParams, StockView } from '../stock.view';
import { AdjustStockCommand } from './adjust-stock.command';
import { AdjustStockDto } from './adjust-stock.dto';

@ApiTags('stock')
@ApiBearerAuth()
@Controller('stock')
export class AdjustStockController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':itemId/adjustments')
  @HttpCode(201)
  @Allow('coordinator')
  @ApiCreatedResponse({ type: StockView, description: 'the item after the adjustment; ETag carries the stock stream version' })
  async adjust(
    @Param() params: StockItemParams,
    @Body() body: AdjustStockDto,
    @Ctx() context: CommandContext,
    @IfMatch() expectedVersion: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StockView> {
    const input = { quantityDelta: body.quantityDelta, reason: body.reason, serials: body.serials ?? null };
    const { version, stock } = await this.commands.execute(new AdjustStockCommand(params.itemId, input, context, expectedVersion));
    res.setHeader('ETag', etag(version));
    return stock;
  }
}
