import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandContext } from '@fund/event-sourcing';
import { Allow } from '@fund/auth';
import { Ctx, etag, IfMatch } from '@fund/platform';
import type { ProtocolWriteResult } from '../protocol-view';
import { CastProtocolVoteCommand } from './cast-protocol-vote.command';
import { CastProtocolVoteDto } from './cast-protocol-vote.dto';

@ApiTags('protocols')
@ApiBearerAuth()
@Controller('protocols')
export class CastProtocolVoteController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':version/votes')
  @Allow('council')
  async vote(
    @Param('version') version: string,
    @Body() body: CastProtocolVoteDto,
    @Ctx() context: CommandContext,
    @IfMatch() expectedVersion: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ProtocolWriteResult> {
    const result = await this.commands.execute(new CastProtocolVoteCommand(version, body.vote, context, expectedVersion));
    res.setHeader('ETag', etag(result.streamVersion));
    return result;
  }
}
