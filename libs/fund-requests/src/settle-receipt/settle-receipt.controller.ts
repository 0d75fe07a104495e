import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandContext } from '@fund/event-sourcing';
import { Allow } from '@fund/auth';
import { ApiErrors, ApiIfMatch, ClaimBesideReads, Ctx, IfMatch, UuidParam } from '@fund/platform';
import { respond } from '../respond';
import { SettleReceiptCommand } from './settle-receipt.command';
import { AttestLostReceiptDto, RecordReceiptDto } from './settle-receipt.dto';
import { FundRequestCommandResult, REQUEST_COMMAND_ERRORS } from '../fund-request-command.view';

@ApiTags('fund requests')
@ApiBearerAuth()
@Controller('fund-requests')
export class SettleReceiptController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':requestId/disbursements/:disbursementId/receipt')
  @ClaimBesideReads()
  @HttpCode(200)
  @Allow('provider', 'coordinator')
  @ApiOperation({ summary: "Record the receipt of a payment", description: 'Optionally pointing at the receipt or invoice document attached to the request; without one, a lost receipt is attested instead (POST .../lost-receipt).' })
  @ApiResponse({ status: 200, type: FundRequestCommandResult })
  @ApiErrors(REQUEST_COMMAND_ERRORS, {
    404: [['FUND_REQUEST.UNKNOWN_DISBURSEMENT', "No such disbursement on this request"], ['FUND_REQUEST.UNKNOWN_DOCUMENT', 'No such document on this request', { field: 'documentId' }]],
    409: [['FUND_REQUEST.RECEIPT_ALREADY_SETTLED', "The receipt for this disbursement is already settled"]],
    422: [
      ['FUND_REQUEST.NO_RECEIPT_NEEDED', "Stock handed over needs no receipt"],
      ['FUND_REQUEST.DOCUMENT_NOT_A_RECEIPT', 'A quote is not a receipt: attach the receipt or invoice', { field: 'documentId', allowed: ['receipt', 'invoice'] }],
      ['FUND_REQUEST.DOCUMENT_OF_ANOTHER_PAYMENT', 'This document was attached to another payment of the request', { field: 'documentId' }],
    ],
  })
  @ApiIfMatch()
  async receipt(
    @UuidParam('requestId') requestId: string,
    @UuidParam('disbursementId') disbursementId: string,
    @Body() body: RecordReceiptDto,
    @Ctx() ctx: CommandContext,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const settlement = { kind: 'receipt' as const, receiptId: randomUUID(), amountCents: body.amountCents, ...(body.documentId ? { documentId: body.documentId } : {}) };
    return respond(res, await this.commands.execute(new SettleReceiptCommand(requestId, disbursementId, settlement, ctx, ifMatch)));
  }

  @Post(':requestId/disbursements/:disbursementId/lost-receipt')
  @ClaimBesideReads()
  @HttpCode(200)
  @Allow('provider', 'coordinator')
  @ApiOperation({ summary: "Attest that a receipt is lost", description: "With a reason code; settles the receipt due like a recorded one." })
  @ApiResponse({ status: 200, type: FundRequestCommandResult })
  @ApiErrors(REQUEST_COMMAND_ERRORS, { 404: [['FUND_REQUEST.UNKNOWN_DISBURSEMENT', "No such disbursement on this request"]], 409: [['FUND_REQUEST.RECEIPT_ALREADY_SETTLED', "The receipt for this disbursement is already settled"]], 422: [['FUND_REQUEST.NO_RECEIPT_NEEDED', "Stock handed over needs no receipt"]] })
  @ApiIfMatch()
  async lost(
    @UuidParam('requestId') requestId: string,
    @UuidParam('disbursementId') disbursementId: string,
    @Body() body: AttestLostReceiptDto,
    @Ctx() ctx: CommandContext,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return respond(res, await this.commands.execute(new SettleReceiptCommand(requestId, disbursementId, { kind: 'lost', reasonCode: body.reasonCode }, ctx, ifMatch)));
  }
}
