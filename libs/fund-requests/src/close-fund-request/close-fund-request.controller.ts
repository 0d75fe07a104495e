import { Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandContext } from '@fund/event-sourcing';
import { Allow } from '@fund/auth';
import { ApiErrors, ApiIfMatch, Ctx, IfMatch, UuidParam } from '@fund/platform';
import { respond } from '../respond';
import { CloseFundRequestCommand } from './close-fund-request.command';
import { FundRequestCommandResult, REQUEST_COMMAND_ERRORS } from '../fund-request-command.view';

@ApiTags('fund requests')
@ApiBearerAuth()
@Controller('fund-requests')
export class CloseFundRequestController {
  constructor(private readonly commands: CommandBus) {}

  /** Releases whatever was approved but not paid out. */
  @Post(':requestId/closure')
  @HttpCode(200)
  @Allow('coordinator')
  @ApiOperation({ summary: "Close a fund request", description: "Releases whatever was approved but not paid out." })
  @ApiResponse({ status: 200, type: FundRequestCommandResult })
  @ApiErrors(REQUEST_COMMAND_ERRORS, { 422: [['FUND_REQUEST.RECEIPTS_OUTSTANDING', "Record or attest every receipt before closing"]] })
  @ApiIfMatch()
  async close(
    @UuidParam('requestId') requestId: string,
    @Ctx() ctx: CommandContext,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return respond(res, await this.commands.execute(new CloseFundRequestCommand(requestId, ctx, ifMatch)));
  }
}
