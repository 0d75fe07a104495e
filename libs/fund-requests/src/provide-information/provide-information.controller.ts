import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandContext } from '@fund/event-sourcing';
import { Allow } from '@fund/auth';
import { ApiErrors, ApiIfMatch, Ctx, IfMatch, UuidParam } from '@fund/platform';
import { respond } from '../respond';
import { ProvideInformationCommand } from './provide-information.command';
import { ProvideInformationDto } from './provide-information.dto';
import { FundRequestCommandResult, REQUEST_COMMAND_ERRORS } from '../fund-request-command.view';

@ApiTags('fund requests')
@ApiBearerAuth()
@Controller('fund-requests')
export class ProvideInformationController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':requestId/information')
  @HttpCode(200)
  @Allow('provider')
  @ApiOperation({ summary: "Answer the council's question", description: "The note is encrypted with the request key, like the narrative." })
  @ApiResponse({ status: 200, type: FundRequestCommandResult })
  @ApiErrors(REQUEST_COMMAND_ERRORS, { 422: [['FUND_REQUEST.NO_QUESTION_OPEN', "No question is waiting for an answer"], ['PRIVACY.IDENTIFIER_IN_TEXT', "note looks like it contains identifying details (phone number); describe the need without names, contact details, dates or places"]] })
  @ApiIfMatch()
  async answer(
    @UuidParam('requestId') requestId: string,
    @Body() body: ProvideInformationDto,
    @Ctx() ctx: CommandContext,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return respond(res, await this.commands.execute(new ProvideInformationCommand(requestId, body.note, ctx, ifMatch)));
  }
}
