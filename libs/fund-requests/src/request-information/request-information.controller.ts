import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandContext } from '@fund/event-sourcing';
import { Allow } from '@fund/auth';
import { Ctx, IfMatch, UuidParam } from '@fund/platform';
import { respond } from '../respond';
import { RequestInformation } from './request-information.command';
import { RequestInformationDto } from './request-information.dto';

@ApiTags('fund requests')
@ApiBearerAuth()
@Controller('fund-requests')
export class RequestInformationController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':requestId/information-requests')
  @HttpCode(200)
  @Allow('council', 'coordinator')
  async ask(
    @UuidParam('requestId') requestId: string,
    @Body() body: RequestInformationDto,
    @Ctx() ctx: CommandContext,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return respond(res, await this.commands.execute(new RequestInformation(requestId, body.questionCode, ctx, ifMatch)));
  }
}
