import { Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow } from '@fund/auth';
import type { CommandContext } from '@fund/event-sourcing';
import { ApiErrors, Ctx, etag } from '@fund/platform';
import { StockCountParams, StockCountResult } from '../stock-count.view';
import { ApproveCountAdjustmentCommand } from './approve-count-adjustment.handler';

@ApiTags('stock')
@ApiBearerAuth()
@Controller('stock-counts')
export class ApproveCountAdjustmentController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':countId/approval')
  @HttpCode(201)
  @Allow('coordinator')
  @ApiOperation({
    summary: "Approve writing off a count's missing cards",
    description: 'Dual control: a coordinator other than the one who counted. The missing cards leave stock as a count correction naming the count.',
  })
  @ApiErrors({
    404: [['STOCK_COUNT.NOT_FOUND', 'No stock count with this id']],
    409: [['STOCK_COUNT.ALREADY_ADJUSTED', "This count's variance is already adjusted"]],
    422: [
      ['STOCK_COUNT.SAME_COORDINATOR', 'The coordinator who counted does not approve the adjustment', { rule: 'dual_control' }],
      ['STOCK_COUNT.NO_MISSING_CARDS', 'This count found every card it expected: there is nothing to write off'],
      ['INVENTORY.UNKNOWN_SERIAL', 'This card is not on hand'],
    ],
  })
  @ApiCreatedResponse({ type: StockCountResult, description: 'the count, adjusted; ETag carries the count stream version' })
  async approve(@Param() params: StockCountParams, @Ctx() context: CommandContext, @Res({ passthrough: true }) res: Response): Promise<StockCountResult> {
    const { version, count } = await this.commands.execute(new ApproveCountAdjustmentCommand(params.countId, context));
    res.setHeader('ETag', etag(version));
    return count;
  }
}
