import { Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandContext } from '@fund/event-sourcing';
import { Allow } from '@fund/auth';
import { Ctx, IfMatch, UuidParam } from '@fund/platform';
import { respond } from '../respond';
import { CloseFundRequest } from './close-fund-request.command';

@ApiTags('fund requests')
@ApiBearerAuth()
@Controller('fund-requests')
export class CloseFundRequestController {
  constructor(private readonly commands: CommandBus) {}

  /** Releases whatever was approved but not paid out. */
  @Post(':requestId/closure')
  @HttpCode(200)
  @Allow('coordinator')
  async close(
    @UuidParam('requestId') requestId: string,
    @Ctx() ctx: CommandContext,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return respond(res, await this.commands.execute(new CloseFundRequest(requestId, ctx, ifMatch)));
  }
}
