import { Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandContext } from '@fund/event-sourcing';
import { Allow } from '@fund/auth';
import { Ctx, IfMatch, UuidParam } from '@fund/platform';
import { respond } from '../respond';
import { RatifyExpeditedApproval } from './ratify-expedited-approval.command';

@ApiTags('fund requests')
@ApiBearerAuth()
@Controller('fund-requests')
export class RatifyExpeditedApprovalController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':requestId/ratification')
  @HttpCode(200)
  @Allow('council')
  async ratify(
    @UuidParam('requestId') requestId: string,
    @Ctx() ctx: CommandContext,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return respond(res, await this.commands.execute(new RatifyExpeditedApproval(requestId, ctx, ifMatch)));
  }
}
