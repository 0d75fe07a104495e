import { Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandContext } from '@fund/event-sourcing';
import { Allow } from '@fund/auth';
import { Ctx, etag, IfMatch } from '@fund/platform';
import type { ProtocolWriteResult } from '../protocol-view';
import { ProposeProtocolCommand } from './propose-protocol.command';

@ApiTags('protocols')
@ApiBearerAuth()
@Controller('protocols')
export class ProposeProtocolController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':version/proposal')
  @Allow('coordinator')
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
