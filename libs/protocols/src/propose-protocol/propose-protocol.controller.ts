import { Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandContext } from '@fund/event-sourcing';
import { Allow } from '@fund/auth';
import { ApiErrors, ApiIfMatch, Ctx, etag, IfMatch } from '@fund/platform';
import type { ProtocolWriteResult } from '../protocol-view';
import { ProposeProtocolCommand } from './propose-protocol.command';
import { PROTOCOL_INVALID_VERSION, PROTOCOL_NOT_DRAFT, PROTOCOL_NOT_FOUND, ProtocolWriteResultView } from '../protocol-api.view';

@ApiTags('protocols')
@ApiBearerAuth()
@Controller('protocols')
export class ProposeProtocolController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':version/proposal')
  @Allow('coordinator')
  @ApiOperation({ summary: "Propose a draft protocol to the council", description: "Puts the draft to a council vote, with the quorum of the protocol in force." })
  @ApiResponse({ status: 201, type: ProtocolWriteResultView })
  @ApiErrors({ 400: [PROTOCOL_INVALID_VERSION], 404: [PROTOCOL_NOT_FOUND], 422: [PROTOCOL_NOT_DRAFT, ['PROTOCOL.NONE_IN_FORCE', "No protocol is in force yet; the coordinator bootstraps the first version"]] })
  @ApiIfMatch()
  async propose(
    @Param('version') version: string,
    @Ctx() context: CommandContext,
    @IfMatch() expectedVersion: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ProtocolWriteResult> {
    const result = await this.commands.execute(new ProposeProtocolCommand(version, context, expectedVersion));
    res.setHeader('ETag', etag(result.streamVersion));
    return result;
  }
}
