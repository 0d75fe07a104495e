import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandContext } from '@fund/event-sourcing';
import { Allow } from '@fund/auth';
import { ApiErrors, Ctx, etag } from '@fund/platform';
import type { ProtocolWriteResult } from '../protocol-view';
import { BootstrapProtocolCommand } from './bootstrap-protocol.command';
import { BootstrapProtocolDto } from './bootstrap-protocol.dto';
import { PROTOCOL_INVALID_RULES, PROTOCOL_INVALID_VERSION, ProtocolWriteResultView } from '../protocol-api.view';

@ApiTags('protocols')
@ApiBearerAuth()
@Controller('protocols')
export class BootstrapProtocolController {
  constructor(private readonly commands: CommandBus) {}

  /** The first version only: refused once any version was ever in force. */
  @Post('bootstrap')
  @Allow('coordinator')
  @ApiOperation({ summary: "Bootstrap the first protocol", description: "On a new fund only: puts the first version in force without a vote (the council needs rules in force before it can vote). Refused once any version was ever in force." })
  @ApiResponse({ status: 201, type: ProtocolWriteResultView })
  @ApiErrors({ 400: [PROTOCOL_INVALID_VERSION, PROTOCOL_INVALID_RULES, ['PROTOCOL.INVALID_TITLE', 'A title is one line of 1 to 120 characters', { field: 'title' }]], 409: [['PROTOCOL.ALREADY_EXISTS', "A protocol with this version already exists"]], 422: [['PROTOCOL.ALREADY_BOOTSTRAPPED', "A protocol has been in force already; new versions are adopted by council vote"]] })
  async bootstrap(@Body() body: BootstrapProtocolDto, @Ctx() context: CommandContext, @Res({ passthrough: true }) res: Response): Promise<ProtocolWriteResult> {
    const result = await this.commands.execute(new BootstrapProtocolCommand(body.version, body.title, body.rules, context));
    res.setHeader('ETag', etag(result.streamVersion));
    return result;
  }
}
