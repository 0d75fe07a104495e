import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandContext } from '@fund/event-sourcing';
import { Allow } from '@fund/auth';
import { Ctx, etag } from '@fund/platform';
import type { ProtocolWriteResult } from '../protocol-view';
import { BootstrapProtocolCommand } from './bootstrap-protocol.command';
import { BootstrapProtocolDto } from './bootstrap-protocol.dto';

@ApiTags('protocols')
@ApiBearerAuth()
@Controller('protocols')
export class BootstrapProtocolController {
  constructor(private readonly commands: CommandBus) {}

  /** The first version only: refused once any version was ever in force. */
  @Post('bootstrap')
  @Allow('coordinator')
  async bootstrap(@Body() body: BootstrapProtocolDto, @Ctx() context: CommandContext, @Res({ passthrough: true }) res: Response): Promise<ProtocolWriteResult> {
    const result = await this.commands.execute(new BootstrapProtocolCommand(body.version, body.title, body.rules, context));
    res.setHeader('ETag', etag(result.streamVersion));
    return result;
  }
}
