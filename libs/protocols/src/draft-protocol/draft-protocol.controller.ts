import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandContext } from '@fund/event-sourcing';
import { Allow } from '@fund/auth';
import { ApiErrors, Ctx, etag } from '@fund/platform';
import type { ProtocolWriteResult } from '../protocol-view';
import { DraftProtocolCommand } from './draft-protocol.command';
import { DraftProtocolDto } from './draft-protocol.dto';
import { PROTOCOL_INVALID_RULES, PROTOCOL_INVALID_VERSION, ProtocolWriteResultView } from '../protocol-api.view';

@ApiTags('protocols')
@ApiBearerAuth()
@Controller('protocols')
export class DraftProtocolController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Allow('coordinator')
  @ApiOperation({ summary: "Draft a new protocol version", description: "A draft can be revised until it is proposed to the council." })
  @ApiResponse({ status: 201, type: ProtocolWriteResultView })
  @ApiErrors({ 400: [PROTOCOL_INVALID_VERSION, PROTOCOL_INVALID_RULES], 409: [['PROTOCOL.ALREADY_EXISTS', "A protocol with this version already exists"]] })
  async draft(@Body() body: DraftProtocolDto, @Ctx() context: CommandContext, @Res({ passthrough: true }) res: Response): Promise<ProtocolWriteResult> {
    const result = await this.commands.execute(new DraftProtocolCommand(body.version, body.title, body.rules, context));
    res.setHeader('ETag', etag(result.streamVersion));
    return result;
  }
}
