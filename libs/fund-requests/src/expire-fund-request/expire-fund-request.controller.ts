import { Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandContext } from '@fund/event-sourcing';
import { Allow } from '@fund/auth';
import { ApiErrors, Ctx, UuidParam } from '@fund/platform';
import { respond } from '../respond';
import { ExpireFundRequestCommand } from './expire-fund-request.command';
import { FundRequestCommandResult, REQUEST_COMMAND_ERRORS } from '../fund-request-command.view';

@ApiTags('fund requests')
@ApiBearerAuth()
@Controller('fund-requests')
export class ExpireFundRequestController {
  constructor(private readonly commands: CommandBus) {}

  /** Refused until the protocol's decision window has passed. */
  @Post(':requestId/expiry')
  @HttpCode(200)
  @Allow('coordinator')
  @ApiOperation({ summary: "Expire an undecided fund request", description: "Refused until the protocol's decision window has passed." })
  @ApiResponse({ status: 200, type: FundRequestCommandResult })
  @ApiErrors(REQUEST_COMMAND_ERRORS, { 422: [['FUND_REQUEST.NOT_YET_EXPIRED', "This request is still within its decision window"]] })
  async expire(@UuidParam('requestId') requestId: string, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    return respond(res, await this.commands.execute(new ExpireFundRequestCommand(requestId, ctx)));
  }
}
