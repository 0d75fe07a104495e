import { Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandContext } from '@fund/event-sourcing';
import { Allow } from '@fund/auth';
import { ApiErrors, ApiIfMatch, Ctx, IfMatch, UuidParam } from '@fund/platform';
import { respond } from '../respond';
import { VoidRequestDisbursementCommand } from './void-disbursement.command';
import { FundRequestCommandResult, REQUEST_COMMAND_ERRORS } from '../fund-request-command.view';

@ApiTags('fund requests')
@ApiBearerAuth()
@Controller('fund-requests')
export class VoidDisbursementController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':requestId/disbursements/:disbursementId/void')
  @HttpCode(200)
  @Allow('coordinator')
  @ApiOperation({ summary: "Void a payment", description: "The money goes back to the reservation; a receipt is no longer due." })
  @ApiResponse({ status: 200, type: FundRequestCommandResult })
  @ApiErrors(REQUEST_COMMAND_ERRORS, { 404: [['FUND_REQUEST.UNKNOWN_DISBURSEMENT', "No such disbursement on this request"]], 409: [['FUND.DISBURSEMENT_ALREADY_VOIDED', "This disbursement is already voided"]], 422: [['FUND_REQUEST.CANNOT_VOID_STOCK', "Stock handed over is corrected with a stock adjustment, not a void"]] })
  @ApiIfMatch()
  async void(
    @UuidParam('requestId') requestId: string,
    @UuidParam('disbursementId') disbursementId: string,
    @Ctx() ctx: CommandContext,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return respond(res, await this.commands.execute(new VoidRequestDisbursementCommand(requestId, disbursementId, ctx, ifMatch)));
  }
}
