import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandContext } from '@fund/event-sourcing';
import { Allow } from '@fund/auth';
import { ApiErrors, ApiIfMatch, ClaimBesideReads, Ctx, IfMatch, UuidParam } from '@fund/platform';
import { respond } from '../respond';
import { CastRequestVoteCommand } from './cast-vote.command';
import { CastVoteDto } from './cast-vote.dto';
import { FundRequestCommandResult, REQUEST_COMMAND_ERRORS } from '../fund-request-command.view';

@ApiTags('fund requests')
@ApiBearerAuth()
@Controller('fund-requests')
export class CastVoteController {
  constructor(private readonly commands: CommandBus) {}

  /** Approve (with an amount), deny (with a reason code) or recuse. The decisive approval reserves the money. */
  @Post(':requestId/votes')
  @ClaimBesideReads()
  @HttpCode(200)
  @Allow('council')
  @ApiOperation({ summary: "Vote on a fund request", description: "Approve (with an amount), deny (with a reason code) or recuse. The decisive approval reserves the money in the fund named on the vote, else in the eligible restricted fund whose period of performance ends first, else in the protocol's default fund (docs/domain-model.md)." })
  @ApiResponse({ status: 200, type: FundRequestCommandResult })
  @ApiErrors(REQUEST_COMMAND_ERRORS, { 409: [['FUND_REQUEST.ALREADY_VOTED', "You already voted on this request"]], 422: [['FUND_REQUEST.OWN_ORGANIZATION', "Council members do not vote on their own organization's requests"], ['FUND_REQUEST.SUBMITTER_CANNOT_VOTE', "The submitter of a request never votes on it"], ['FUND_REQUEST.APPROVAL_AMOUNT_REQUIRED', "An approval names the amount approved"], ['FUND_REQUEST.APPROVAL_ABOVE_REQUEST', "An approval cannot exceed the amount requested"], ['FUND_REQUEST.DENIAL_REASON_REQUIRED', "A denial names a reason code"], ['FUND.INSUFFICIENT_FUNDS', "The fund has 12000 cents available"], ['FUND.BUDGET_LINE_EXCEEDED', "Budget line housing has 5000 cents left"], ['FUND.CATEGORY_NOT_ALLOWED', "This fund's grant does not pay for childcare"], ['FUND.PAYMENT_METHOD_NOT_ALLOWED', "This fund's grant does not pay by gift_card"], ['FUND.OUTSIDE_PERIOD_OF_PERFORMANCE', "Money from this fund is committed from 2026-10-01 to 2027-09-30"], ['FUND.PROVIDER_TYPE_NOT_ALLOWED', "This fund's grant does not cover requests from this kind of agency"], ['FUND.COUNTY_NOT_ALLOWED', "This fund's grant does not cover this agency's county"], ['FUND.NO_BUDGET_LINE', "No budget line of this fund covers groceries"]] })
  @ApiIfMatch()
  async vote(
    @UuidParam('requestId') requestId: string,
    @Body() body: CastVoteDto,
    @Ctx() ctx: CommandContext,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return respond(res, await this.commands.execute(new CastRequestVoteCommand(requestId, body, ctx, ifMatch)));
  }
}
