import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow } from '@fund/auth';
import type { CommandContext } from '@fund/event-sourcing';
import { ApiErrors, Ctx, etag } from '@fund/platform';
import { RecordDonationResult } from '../donation.view';
import { RecordInKindDonationCommand } from './record-in-kind-donation.command';
import { RecordInKindDonationDto } from './record-in-kind-donation.dto';

@ApiTags('donations')
@ApiBearerAuth()
@Controller('donations')
export class RecordInKindDonationController {
  constructor(private readonly commands: CommandBus) {}

  @Post('in-kind')
  @HttpCode(201)
  @Allow('coordinator')
  @ApiOperation({ summary: "Record an in-kind donation", description: "Gift cards, bus passes and goods go into stock at their valuation; cards are tracked by serial." })
  @ApiErrors({ 400: [['DONATION.DUPLICATE_ITEM', 'Each stock item appears once; put all its units on one line', { field: 'items.1.itemId' }], ['INVENTORY.DUPLICATE_SERIAL', 'A serial appears twice', { itemId: 'gift-card-grocery-25', serialIndex: 3 }]], 409: [['DONATION.ALREADY_RECORDED', "This donation is already recorded"]], 422: [['INVENTORY.KIND_MISMATCH', "This item is stocked as another kind"], ['INVENTORY.CATEGORY_MISMATCH', "This item is stocked under another category"], ['INVENTORY.UNIT_VALUE_MISMATCH', "This item is stocked at another unit value; use a new item id"], ['INVENTORY.SERIALS_REQUIRED', "Cards need exactly one serial per unit"], ['INVENTORY.SERIALS_NOT_ALLOWED', "Goods are counted, not tracked by serial"], ['INVENTORY.SERIAL_ALREADY_RECEIVED', "This card was already received"]] })
  @ApiCreatedResponse({ type: RecordDonationResult, description: 'the server assigns donationId; ETag carries the donation stream version' })
  async record(@Body() body: RecordInKindDonationDto, @Ctx() context: CommandContext, @Res({ passthrough: true }) res: Response): Promise<RecordDonationResult> {
    const input = {
      donorKind: body.donorKind,
      donorReference: body.donorReference ?? null,
      receivedOn: body.receivedOn,
      items: body.items.map((item) => ({
        itemId: item.itemId,
        kind: item.kind,
        category: item.category,
        quantity: item.quantity,
        unitValueCents: item.unitValueCents,
        valuationMethod: item.valuationMethod,
        serials: item.serials ?? null,
      })),
    };
    const { version, donation } = await this.commands.execute(new RecordInKindDonationCommand(input, context));
    res.setHeader('ETag', etag(version));
    res.location(`/donations/${donation.donationId}`);
    return donation;
  }
}
