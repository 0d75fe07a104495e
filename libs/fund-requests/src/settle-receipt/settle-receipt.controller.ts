import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandContext } from '@fund/event-sourcing';
import { Allow } from '@fund/auth';
import { Ctx, IfMatch, UuidParam } from '@fund/platform';
import { respond } from '../respond';
import { SettleReceipt } from './settle-receipt.command';
import { AttestLostReceiptDto, RecordReceiptDto } from './settle-receipt.dto';

@ApiTags('fund requests')
@ApiBearerAuth()
@Controller('fund-requests')
export class SettleReceiptController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':requestId/disbursements/:disbursementId/receipt')
  @HttpCode(200)
  @Allow('provider', 'coordinator')
  async receipt(
    @UuidParam('requestId') requestId: string,
    @UuidParam('disbursementId') disbursementId: string,
    @Body() body: RecordReceiptDto,
    @Ctx() ctx: CommandContext,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const settlement = { kind: 'receipt' as const, receiptId: randomUUID(), amountCents: body.amountCents };
    return respond(res, await this.commands.execute(new SettleReceipt(requestId, disbursementId, settlement, ctx, ifMatch)));
  }

  @Post(':requestId/disbursements/:disbursementId/lost-receipt')
  @HttpCode(200)
  @Allow('provider', 'coordinator')
  async lost(
    @UuidParam('requestId') requestId: string,
    @UuidParam('disbursementId') disbursementId: string,
    @Body() body: AttestLostReceiptDto,
    @Ctx() ctx: CommandContext,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return respond(res, await this.commands.execute(new SettleReceipt(requestId, disbursementId, { kind: 'lost', reasonCode: body.reasonCode }, ctx, ifMatch)));
  }
}
