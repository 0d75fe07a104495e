import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandContext } from '@fund/event-sourcing';
import { Allow } from '@fund/auth';
import { Ctx, etag } from '@fund/platform';
import type { ProtocolWriteResult } from '../protocol-view';
import { DraftProtocolCommand } from './draft-protocol.command';
import { DraftProtocolDto } from './draft-protocol.dto';

@ApiTags('protocols')
@ApiBearerAuth()
@Controller('protocols')
export class DraftProtocolController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Allow('coordinator')
  async draft(@Body() body: DraftProtocolDto, @Ctx() context: CommandContext, @Res({ passthrough: true }) res: Response): Promise<ProtocolWriteResult> {
    const result = await this.commands.execute(new DraftProtocolCommand(body.version, body.title, body.rules, context));
    res.setHeader('ETag', etag(result.streamVersion));
    return result;
  }
}
