import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow } from '@fund/auth';
import type { CommandContext } from '@fund/event-sourcing';
import { ApiErrors, Ctx, etag } from '@fund/platform';
import { CardPurchaseResult } from '../card-purchase.view';
import { RecordCardPurchaseDto } from './record-card-purchase.dto';
import { RecordCardPurchaseCommand } from './record-card-purchase.handler';

@ApiTags('stock')
@ApiBearerAuth()
@Controller('card-purchases')
export class RecordCardPurchaseController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @Allow('coordinator')
  @ApiOperation({
    summary: 'Record a purchase of gift cards or passes',
    description: "Pays the vendor from the fund (money out, dated paidOn) and puts the cards on order; a second coordinator confirms they arrived, which puts them in stock.",
  })
  @ApiErrors({
    409: [['CARD_PURCHASE.ALREADY_RECORDED', 'A purchase with this id is already recorded']],
    422: [
      ['CARD_PURCHASE.UNKNOWN_PAYEE', 'The vendor must be in the payee register', { field: 'payeeId' }],
      ['CARD_PURCHASE.FACE_VALUE_OVER_LIMIT', 'The protocol allows no card above 10000 cents', { field: 'faceValueCents', limitCents: 10_000 }],
      ['CARD_PURCHASE.SERIAL_ALREADY_RECEIVED', 'This card is already in the stock log', { field: 'serials', serialIndex: 0 }],
      ['CARD_PURCHASE.ITEM_HOLDS_DONATIONS', 'This item holds donated cards; bought cards go to an item of their own', { field: 'itemId' }],
      ['FUND.INSUFFICIENT_FUNDS', 'The fund has 500 cents available'],
      ['PERIOD.CLOSED', 'This date is in a closed period: record a correction dated in the open period instead'],
      ['PROTOCOL.NONE_IN_FORCE', 'No protocol is in force yet; the coordinator bootstraps the first version'],
    ],
  })
  @ApiCreatedResponse({ type: CardPurchaseResult, description: 'the purchase, on order; ETag carries the purchase stream version' })
  async record(@Body() body: RecordCardPurchaseDto, @Ctx() context: CommandContext, @Res({ passthrough: true }) res: Response): Promise<CardPurchaseResult> {
    const { version, purchase } = await this.commands.execute(new RecordCardPurchaseCommand(body, context));
    res.setHeader('ETag', etag(version)).location(`/card-purchases/${purchase.purchaseId}`);
    return purchase;
  }
}
