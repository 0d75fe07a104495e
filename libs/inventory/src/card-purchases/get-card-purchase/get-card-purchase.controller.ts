import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow } from '@fund/auth';
import { DomainError, loadStreamState, type EventStore } from '@fund/event-sourcing';
import { ApiErrors, EVENT_STORE, etag } from '@fund/platform';
import { cardPurchaseDecider, cardPurchaseStreamId } from '../card-purchase.decider';
import { CardPurchaseParams, CardPurchaseView, toCardPurchaseView } from '../card-purchase.view';

/** Folds the purchase's own stream: read-your-write without waiting for a projection. */
@ApiTags('stock')
@ApiBearerAuth()
@Controller('card-purchases')
export class GetCardPurchaseController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get(':purchaseId')
  @Allow('coordinator', 'auditor')
  @ApiOperation({ summary: 'Read a card purchase' })
  @ApiErrors({ 404: [['CARD_PURCHASE.NOT_FOUND', 'No card purchase with this id']] })
  @ApiOkResponse({ type: CardPurchaseView, description: 'ETag carries the purchase stream version' })
  async get(@Param() params: CardPurchaseParams, @Res({ passthrough: true }) res: Response): Promise<CardPurchaseView> {
    const { version, state } = await loadStreamState(this.store, cardPurchaseStreamId(params.purchaseId), cardPurchaseDecider);
    if (state.status === 'none') throw new DomainError('CARD_PURCHASE.NOT_FOUND', 'No card purchase with this id', {}, 'not_found');
    res.setHeader('ETag', etag(version));
    return toCardPurchaseView(state);
  }
}
