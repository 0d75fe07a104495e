import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandContext } from '@fund/event-sourcing';
import { Allow } from '@fund/auth';
import { ApiErrors, ApiIfMatch, Ctx, IfMatch, UuidParam } from '@fund/platform';
import { respond } from '../respond';
import { RequestMoreInformationCommand } from './request-information.command';
import { RequestInformationDto } from './request-information.dto';
import { FundRequestCommandResult, REQUEST_COMMAND_ERRORS } from '../fund-request-command.view';

@ApiTags('fund requests')
@ApiBearerAuth()
@Controller('fund-requests')
export class RequestInformationController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':requestId/information-requests')
  @HttpCode(200)
  @Allow('council', 'coordinator')
  @ApiOperation({ summary: "Ask the submitter a question", description: "One open question at a time, from a fixed list of question codes (never free text)." })
  @ApiResponse({ status: 200, type: FundRequestCommandResult })
  @ApiErrors(REQUEST_COMMAND_ERRORS, { 409: [['FUND_REQUEST.INFORMATION_ALREADY_REQUESTED', "The submitter has not answered the previous question yet"]] })
  @ApiIfMatch()
  async ask(
    @UuidParam('requestId') requestId: string,
    @Body() body: RequestInformationDto,
    @Ctx() ctx: CommandContext,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return respond(res, await this.commands.execute(new RequestMoreInformationCommand(requestId, body.questionCode, ctx, ifMatch)));
  }
}
