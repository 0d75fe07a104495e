import { Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandContext } from '@fund/event-sourcing';
import { Allow } from '@fund/auth';
import { Ctx, IfMatch, UuidParam } from '@fund/platform';
import { respond } from '../respond';
import { VoidRequestDisbursement } from './void-disbursement.command';

@ApiTags('fund requests')
@ApiBearerAuth()
@Controller('fund-requests')
export class VoidDisbursementController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':requestId/disbursements/:disbursementId/void')
  @HttpCode(200)
  @Allow('coordinator')
  async void(
    @UuidParam('requestId') requestId: string,
    @UuidParam('disbursementId') disbursementId: string,
    @Ctx() ctx: CommandContext,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return respond(res, await this.commands.execute(new VoidRequestDisbursement(requestId, disbursementId, ctx, ifMatch)));
  }
}
