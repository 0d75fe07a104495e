import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandContext } from '@fund/event-sourcing';
import { Allow } from '@fund/auth';
import { Ctx, IfMatch, UuidParam } from '@fund/platform';
import { respond } from '../respond';
import { CastVote } from './cast-vote.command';
import { CastVoteDto } from './cast-vote.dto';

@ApiTags('fund requests')
@ApiBearerAuth()
@Controller('fund-requests')
export class CastVoteController {
  constructor(private readonly commands: CommandBus) {}

  /** Approve (with an amount), deny (with a reason code) or recuse. The decisive approval reserves the money. */
  @Post(':requestId/votes')
  @HttpCode(200)
  @Allow('council')
  async vote(
    @UuidParam('requestId') requestId: string,
    @Body() body: CastVoteDto,
    @Ctx() ctx: CommandContext,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return respond(res, await this.commands.execute(new CastVote(requestId, body, ctx, ifMatch)));
  }
}
