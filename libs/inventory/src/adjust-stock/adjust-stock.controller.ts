import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow } from '@fund/auth';
import type { CommandContext } from '@fund/event-sourcing';
import { ApiErrors, ApiIfMatch, Ctx, etag, IfMatch } from '@fund/platform';
import { AdjustStockResult, StockItemParams } from '../stock.view';
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
  @ApiOperation({ summary: "Adjust the stock of an item", description: "A count correction or a write-off (damaged, expired, lost), with a reason; cards name their serials." })
  @ApiErrors({ 400: [['INVENTORY.INVALID_QUANTITY', 'quantityDelta must be a whole number of units from -1000 to 1000', { field: 'quantityDelta', min: -1000, max: 1000 }]], 404: [['INVENTORY.NOT_FOUND', "No stock item with this id"]], 422: [['INVENTORY.INSUFFICIENT_STOCK', "Only 2 units are on hand"], ['INVENTORY.SERIALS_REQUIRED', "Cards need exactly one serial per unit"], ['INVENTORY.UNKNOWN_SERIAL', "This card is not on hand"]] })
  @ApiIfMatch()
  @ApiCreatedResponse({ type: AdjustStockResult, description: 'the item after the adjustment; ETag carries the stock stream version' })
  async adjust(
    @Param() params: StockItemParams,
    @Body() body: AdjustStockDto,
    @Ctx() context: CommandContext,
    @IfMatch() expectedVersion: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AdjustStockResult> {
    const input = { quantityDelta: body.quantityDelta, reason: body.reason, serials: body.serials ?? null };
    const { version, stock } = await this.commands.execute(new AdjustStockCommand(params.itemId, input, context, expectedVersion));
    res.setHeader('ETag', etag(version));
    return stock;
  }
}
