import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow } from '@fund/auth';
import type { CommandContext } from '@fund/event-sourcing';
import { ApiErrors, Ctx, etag } from '@fund/platform';
import { RecordDonationResult } from '../donation.view';
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
  @ApiOperation({ summary: "Record a monetary donation", description: "Credits the fund. Donors are known by kind and an optional short code, never by name." })
  @ApiErrors({ 400: [['DONATION.RECEIVED_ON_IN_FUTURE', 'receivedOn cannot be later than today', { field: 'receivedOn', latestAllowed: '2026-11-22' }]], 404: [['FUND.NOT_FOUND', "No fund with this id"]], 409: [['DONATION.ALREADY_RECORDED', "This donation is already recorded"]], 422: [['DONATION.RESTRICTION_MISMATCH', "A restricted donation needs a restricted fund"], ['FUND.NOT_OPEN', "This fund has not been opened"]] })
  @ApiCreatedResponse({ type: RecordDonationResult, description: 'the server assigns donationId; ETag carries the donation stream version' })
  async record(@Body() body: RecordMonetaryDonationDto, @Ctx() context: CommandContext, @Res({ passthrough: true }) res: Response): Promise<RecordDonationResult> {
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
