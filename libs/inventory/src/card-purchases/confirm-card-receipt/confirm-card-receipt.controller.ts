import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow } from '@fund/auth';
import type { CommandContext } from '@fund/event-sourcing';
import { ApiErrors, Ctx, etag } from '@fund/platform';
import { CardPurchaseParams, CardPurchaseResult } from '../card-purchase.view';
import { ConfirmCardReceiptDto } from './confirm-card-receipt.dto';
import { ConfirmCardReceiptCommand } from './confirm-card-receipt.handler';

@ApiTags('stock')
@ApiBearerAuth()
@Controller('card-purchases')
export class ConfirmCardReceiptController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':purchaseId/receipt')
  @HttpCode(201)
  @Allow('coordinator')
  @ApiOperation({
    summary: "Confirm a card purchase's cards arrived",
    description: 'Dual control: a coordinator other than the one who recorded the purchase. The cards enter stock at face value with their custodian.',
  })
  @ApiErrors({
    404: [['CARD_PURCHASE.NOT_FOUND', 'No card purchase with this id']],
    409: [['CARD_PURCHASE.ALREADY_RECEIVED', 'The cards of this purchase are already received']],
    422: [
      ['CARD_PURCHASE.SAME_COORDINATOR', 'The coordinator who recorded the purchase does not confirm its cards arrived', { rule: 'dual_control' }],
      ['PERIOD.CLOSED', 'This date is in a closed period: record a correction dated in the open period instead'],
    ],
  })
  @ApiCreatedResponse({ type: CardPurchaseResult, description: 'the purchase, received; ETag carries the purchase stream version' })
  async confirm(
    @Param() params: CardPurchaseParams,
    @Body() body: ConfirmCardReceiptDto,
    @Ctx() context: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CardPurchaseResult> {
    const { version, purchase } = await this.commands.execute(new ConfirmCardReceiptCommand(params.purchaseId, body, context));
    res.setHeader('ETag', etag(version));
    return purchase;
  }
}
