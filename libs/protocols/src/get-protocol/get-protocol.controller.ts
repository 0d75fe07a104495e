import { Controller, Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow } from '@fund/auth';
import { etag } from '@fund/platform';
import type { ProtocolView } from '../protocol-view';
import { GetProtocolQuery } from './get-protocol.query';

@ApiTags('protocols')
@ApiBearerAuth()
@Controller('protocols')
export class GetProtocolController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':version')
  @Allow('provider', 'council', 'coordinator', 'auditor', 'funder')
  async get(@Param('version') version: string, @Res({ passthrough: true }) res: Response): Promise<ProtocolView> {
    const view = await this.queries.execute(new GetProtocolQuery(version));
    res.setHeader('ETag', etag(view.streamVersion));
    return view;
  }
}
