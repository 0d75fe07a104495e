import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow } from '@fund/auth';
import type { CommandContext } from '@fund/event-sourcing';
import { Ctx, etag } from '@fund/platform';
import { DonationView } from '../donation.view';
import { RecordMonetaryDonationCommand } from './record-monetary-donation.command';
import { RecordMonetaryDonationDto } from './record-monetary-donation.dto';

@ApiTags('donations')
@ApiBearerAuth()
@Controller('donations')
export class RecordMonetaryDonationController {
  constructor(private readonly commands: CommandBus) {}

  @Post('monetary')
  @HttpCode(201)
  @Allow('coordinator')
  @ApiCreatedResponse({ type: DonationView, description: 'the server assigns donationId; ETag carries the donation stream version' })
  async record(@Body() body: RecordMonetaryDonationDto, @Ctx() context: CommandContext, @Res({ passthrough: true }) res: Response): Promise<DonationView> {
    const input = {
      fundId: body.fundId,
      amountCents: body.amountCents,
      restricted: body.restricted,
      donorKind: body.donorKind,
      donorReference: body.donorReference ?? null,
      receivedOn: body.receivedOn,
    };
    const { version, donation } = await this.commands.execute(new RecordMonetaryDonationCommand(input, context));
    res.setHeader('ETag', etag(version));
    res.location(`/donations/${donation.donationId}`);
    return donation;
  }
}
