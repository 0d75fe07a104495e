import { Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandContext } from '@fund/event-sourcing';
import { Allow } from '@fund/auth';
import { ApiErrors, ApiIfMatch, Ctx, IfMatch, UuidParam } from '@fund/platform';
import { respond } from '../respond';
import { WithdrawFundRequestCommand } from './withdraw-fund-request.command';
import { FundRequestCommandResult, REQUEST_COMMAND_ERRORS } from '../fund-request-command.view';

@ApiTags('fund requests')
@ApiBearerAuth()
@Controller('fund-requests')
export class WithdrawFundRequestController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':requestId/withdrawal')
  @HttpCode(200)
  @Allow('provider')
  @ApiOperation({ summary: "Withdraw a fund request", description: "By the submitting organization, before it is decided." })
  @ApiResponse({ status: 200, type: FundRequestCommandResult })
  @ApiErrors(REQUEST_COMMAND_ERRORS)
  @ApiIfMatch()
  async withdraw(
    @UuidParam('requestId') requestId: string,
    @Ctx() ctx: CommandContext,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return respond(res, await this.commands.execute(new WithdrawFundRequestCommand(requestId, ctx, ifMatch)));
  }
}
