import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandContext } from '@fund/event-sourcing';
import { Allow } from '@fund/auth';
import { Ctx, IfMatch, UuidParam } from '@fund/platform';
import { respond } from '../respond';
import { ProvideInformation } from './provide-information.command';
import { ProvideInformationDto } from './provide-information.dto';

@ApiTags('fund requests')
@ApiBearerAuth()
@Controller('fund-requests')
export class ProvideInformationController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':requestId/information')
  @HttpCode(200)
  @Allow('provider')
  async answer(
    @UuidParam('requestId') requestId: string,
    @Body() body: ProvideInformationDto,
    @Ctx() ctx: CommandContext,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return respond(res, await this.commands.execute(new ProvideInformation(requestId, body.note, ctx, ifMatch)));
  }
}
