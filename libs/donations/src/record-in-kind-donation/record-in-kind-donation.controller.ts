import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow } from '@fund/auth';
import type { CommandContext } from '@fund/event-sourcing';
import { Ctx, etag } from '@fund/platform';
import { DonationView } from '../donation.view';
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
  @ApiCreatedResponse({ type: DonationView, description: 'the server assigns donationId; ETag carries the donation stream version' })
  async record(@Body() body: RecordInKindDonationDto, @Ctx() context: CommandContext, @Res({ passthrough: true }) res: Response): Promise<DonationView> {
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
