import { Controller, Get, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow } from '@fund/auth';
import { etag } from '@fund/platform';
import type { ProtocolView } from '../protocol-view';
import { GetProtocolInForceQuery } from './get-protocol-in-force.query';

@ApiTags('protocols')
@ApiBearerAuth()
@Controller('protocols')
export class GetProtocolInForceController {
  constructor(private readonly queries: QueryBus) {}

  /** Registered before GET /protocols/:version, which would otherwise take "current" as a version. */
  @Get('current')
  @Allow('provider', 'council', 'coordinator', 'auditor', 'funder')
  async current(@Res({ passthrough: true }) res: Response): Promise<ProtocolView> {
    const { protocol, registryVersion } = await this.queries.execute(new GetProtocolInForceQuery());
    res.setHeader('ETag', etag(registryVersion));
    return protocol;
  }
}
