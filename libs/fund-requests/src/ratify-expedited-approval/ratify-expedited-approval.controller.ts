import { Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandContext } from '@fund/event-sourcing';
import { Allow } from '@fund/auth';
import { ApiErrors, ApiIfMatch, Ctx, IfMatch, UuidParam } from '@fund/platform';
import { respond } from '../respond';
import { RatifyExpeditedApprovalCommand } from './ratify-expedited-approval.command';
import { FundRequestCommandResult, REQUEST_COMMAND_ERRORS } from '../fund-request-command.view';

@ApiTags('fund requests')
@ApiBearerAuth()
@Controller('fund-requests')
export class RatifyExpeditedApprovalController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':requestId/ratification')
  @HttpCode(200)
  @Allow('council')
  @ApiOperation({ summary: "Ratify an expedited approval" })
  @ApiResponse({ status: 200, type: FundRequestCommandResult })
  @ApiErrors(REQUEST_COMMAND_ERRORS, { 409: [['FUND_REQUEST.ALREADY_RATIFIED', "This expedited approval is already ratified"]], 422: [['FUND_REQUEST.NOT_EXPEDITED', "Only expedited approvals are ratified"], ['FUND_REQUEST.APPROVER_CANNOT_RATIFY', "The on-call approver does not ratify their own decision"], ['FUND_REQUEST.OWN_ORGANIZATION', "Council members do not vote on their own organization's requests"]] })
  @ApiIfMatch()
  async ratify(
    @UuidParam('requestId') requestId: string,
    @Ctx() ctx: CommandContext,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return respond(res, await this.commands.execute(new RatifyExpeditedApprovalCommand(requestId, ctx, ifMatch)));
  }
}
