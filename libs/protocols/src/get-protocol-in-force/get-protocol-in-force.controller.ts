import { Controller, Get, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow } from '@fund/auth';
import { ApiErrors, etag } from '@fund/platform';
import { GetProtocolInForceQuery } from './get-protocol-in-force.query';
import { ProtocolVersionView } from '../protocol-api.view';

@ApiTags('protocols')
@ApiBearerAuth()
@Controller('protocols')
export class GetProtocolInForceController {
  constructor(private readonly queries: QueryBus) {}

  /** Registered before GET /protocols/:version, which would otherwise take "current" as a version. */
  @Get('current')
  @Allow('provider', 'council', 'coordinator', 'auditor', 'funder')
  @ApiOperation({ summary: "Read the protocol in force", description: "The ETag is the version of the protocol registry." })
  @ApiResponse({ status: 200, type: ProtocolVersionView })
  @ApiErrors({ 422: [['PROTOCOL.NONE_IN_FORCE', "No protocol is in force yet; the coordinator bootstraps the first version"]] })
  async current(@Res({ passthrough: true }) res: Response): Promise<ProtocolVersionView> {
    const { protocol, registryVersion } = await this.queries.execute(new GetProtocolInForceQuery());
    res.setHeader('ETag', etag(registryVersion));
    return protocol;
  }
}
