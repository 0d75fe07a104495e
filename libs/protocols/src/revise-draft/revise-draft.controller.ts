import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandContext } from '@fund/event-sourcing';
import { Allow } from '@fund/auth';
import { Ctx, etag, IfMatch } from '@fund/platform';
import type { ProtocolWriteResult } from '../protocol-view';
import { ReviseDraftCommand } from './revise-draft.command';
import { ReviseDraftDto } from './revise-draft.dto';

@ApiTags('protocols')
@ApiBearerAuth()
@Controller('protocols')
export class ReviseDraftController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':version/revisions')
  @Allow('coordinator')
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
