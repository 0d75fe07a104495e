import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandContext } from '@fund/event-sourcing';
import { Allow } from '@fund/auth';
import { ApiErrors, ApiIfMatch, ClaimBesideReads, Ctx, IfMatch, UuidParam } from '@fund/platform';
import type { WorkflowResult } from '../fund-request.workflow';
import { respond } from '../respond';
import { RecordDisbursementCommand } from './record-disbursement.command';
import { RecordDisbursementDto } from './record-disbursement.dto';
import { RecordedDisbursement, REQUEST_COMMAND_ERRORS } from '../fund-request-command.view';

@ApiTags('fund requests')
@ApiBearerAuth()
@Controller('fund-requests')
export class RecordDisbursementController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':requestId/disbursements')
  @ClaimBesideReads()
  @HttpCode(201)
  @Allow('coordinator')
  @ApiOperation({ summary: "Pay out an approved request", description: "From money (vendor payment, gift card: a receipt falls due) or from donated stock (none does). Money comes out of the reservation made at approval." })
  @ApiResponse({ status: 201, type: RecordedDisbursement })
  @ApiErrors(REQUEST_COMMAND_ERRORS, { 409: [['FUND_REQUEST.DISBURSEMENT_EXISTS', "This disbursement was already recorded"], ['INVENTORY.ALREADY_ISSUED', "Stock was already issued for this disbursement"]], 422: [['FUND_REQUEST.APPROVER_CANNOT_DISBURSE', "Whoever approved a request does not pay it out"], ['FUND_REQUEST.OVER_APPROVED_AMOUNT', "This would pay out more than was approved"], ['FUND_REQUEST.GIFT_CARD_FACE_VALUE_REQUIRED', "Gift card payments state the face value of each card"], ['FUND_REQUEST.GIFT_CARD_OVER_FACE_VALUE', "A gift card above the face value limit cannot be given"], ['FUND.EXCEEDS_RESERVATION', "Only 10500 cents are reserved for this request"], ['INVENTORY.NOT_FOUND', "No stock item with this id"], ['INVENTORY.INSUFFICIENT_STOCK', "Only 1 units are on hand"], ['INVENTORY.UNKNOWN_SERIAL', "This card is not on hand"]] })
  @ApiIfMatch()
  async disburse(
    @UuidParam('requestId') requestId: string,
    @Body() body: RecordDisbursementDto,
    @Ctx() ctx: CommandContext,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const disbursementId = randomUUID();
    const result: WorkflowResult = await this.commands.execute(new RecordDisbursementCommand(requestId, disbursementId, body, ctx, ifMatch));
    const recorded = result.events.find((e) => e.type === 'DisbursementRecorded');
    return {
      ...respond(res, result),
      disbursementId: recorded?.type === 'DisbursementRecorded' ? recorded.data.disbursementId : disbursementId,
      amountCents: recorded?.type === 'DisbursementRecorded' ? recorded.data.amountCents : null,
      receiptDueOn: recorded?.type === 'DisbursementRecorded' ? recorded.data.receiptDueOn : null,
    };
  }
}
