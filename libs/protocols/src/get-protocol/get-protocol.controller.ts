import { Controller, Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow } from '@fund/auth';
import { ApiErrors, etag } from '@fund/platform';
import { GetProtocolQuery } from './get-protocol.query';
import { PROTOCOL_INVALID_VERSION, PROTOCOL_NOT_FOUND, ProtocolVersionView } from '../protocol-api.view';

@ApiTags('protocols')
@ApiBearerAuth()
@Controller('protocols')
export class GetProtocolController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':version')
  @Allow('provider', 'council', 'coordinator', 'auditor', 'funder')
  @ApiOperation({ summary: "Read a protocol version", description: "The ETag is the version stream version (what If-Match names on a revision, proposal or vote)." })
  @ApiResponse({ status: 200, type: ProtocolVersionView })
  @ApiErrors({ 400: [PROTOCOL_INVALID_VERSION], 404: [PROTOCOL_NOT_FOUND] })
  async get(@Param('version') version: string, @Res({ passthrough: true }) res: Response): Promise<ProtocolVersionView> {
    const view = await this.queries.execute(new GetProtocolQuery(version));
    res.setHeader('ETag', etag(view.streamVersion));
    return view;
  }
}
