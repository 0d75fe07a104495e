import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandContext } from '@fund/event-sourcing';
import { Allow } from '@fund/auth';
import { ApiErrors, ApiIfMatch, Ctx, etag, IfMatch } from '@fund/platform';
import type { ProtocolWriteResult } from '../protocol-view';
import { CastProtocolVoteCommand } from './cast-protocol-vote.command';
import { CastProtocolVoteDto } from './cast-protocol-vote.dto';
import { PROTOCOL_INVALID_VERSION, PROTOCOL_NOT_FOUND, ProtocolWriteResultView } from '../protocol-api.view';

@ApiTags('protocols')
@ApiBearerAuth()
@Controller('protocols')
export class CastProtocolVoteController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':version/votes')
  @Allow('council')
  @ApiOperation({ summary: "Vote on a proposed protocol", description: "Approve, reject or recuse. The vote that reaches the quorum adopts the version (superseding the one in force) or rejects it." })
  @ApiResponse({ status: 201, type: ProtocolWriteResultView })
  @ApiErrors({ 400: [PROTOCOL_INVALID_VERSION], 404: [PROTOCOL_NOT_FOUND], 422: [['PROTOCOL.NOT_PROPOSED', "Votes are taken only while a protocol is proposed"], ['PROTOCOL.ALREADY_VOTED', "Each council member votes once on a protocol"]] })
  @ApiIfMatch()
  async vote(
    @Param('version') version: string,
    @Body() body: CastProtocolVoteDto,
    @Ctx() context: CommandContext,
    @IfMatch() expectedVersion: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ProtocolWriteResult> {
    const result = await this.commands.execute(new CastProtocolVoteCommand(version, body.vote, context, expectedVersion, body.foresight ?? null));
    res.setHeader('ETag', etag(result.streamVersion));
    return result;
  }
}
