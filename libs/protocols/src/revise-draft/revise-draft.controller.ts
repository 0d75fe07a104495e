import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandContext } from '@fund/event-sourcing';
import { Allow } from '@fund/auth';
import { ApiErrors, ApiIfMatch, Ctx, etag, IfMatch } from '@fund/platform';
import type { ProtocolWriteResult } from '../protocol-view';
import { ReviseDraftCommand } from './revise-draft.command';
import { ReviseDraftDto } from './revise-draft.dto';
import { PROTOCOL_INVALID_RULES, PROTOCOL_INVALID_VERSION, PROTOCOL_NOT_DRAFT, PROTOCOL_NOT_FOUND, ProtocolWriteResultView } from '../protocol-api.view';

@ApiTags('protocols')
@ApiBearerAuth()
@Controller('protocols')
export class ReviseDraftController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':version/revisions')
  @Allow('coordinator')
  @ApiOperation({ summary: "Revise a draft protocol", description: "Replaces the rules of a draft." })
  @ApiResponse({ status: 201, type: ProtocolWriteResultView })
  @ApiErrors({ 400: [PROTOCOL_INVALID_VERSION, PROTOCOL_INVALID_RULES], 404: [PROTOCOL_NOT_FOUND], 422: [PROTOCOL_NOT_DRAFT] })
  @ApiIfMatch()
  async revise(
    @Param('version') version: string,
    @Body() body: ReviseDraftDto,
    @Ctx() context: CommandContext,
    @IfMatch() expectedVersion: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ProtocolWriteResult> {
    const result = await this.commands.execute(new ReviseDraftCommand(version, body.rules, context, expectedVersion));
    res.setHeader('ETag', etag(result.streamVersion));
    return result;
  }
}
