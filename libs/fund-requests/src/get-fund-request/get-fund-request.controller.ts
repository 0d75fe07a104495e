import { Controller, Get, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '@fund/event-sourcing';
import { Allow, CurrentActor } from '@fund/auth';
import { ApiErrors, etag, UuidParam } from '@fund/platform';
import { FundRequestView } from './fund-request.view';
import { GetFundRequestQuery } from './get-fund-request.query';
import { REQUEST_NOT_FOUND } from '../fund-request-command.view';

@ApiTags('fund requests')
@ApiBearerAuth()
@Controller('fund-requests')
export class GetFundRequestController {
  constructor(private readonly queries: QueryBus) {}

  /** Providers see their own organization's requests only; another's reads as not found. */
  @Get(':requestId')
  @Allow('provider', 'council', 'coordinator', 'auditor')
  @ApiOperation({ summary: "Read a fund request", description: "Providers see their own organization's requests only (another's reads as not found), and only they see the survivor reference. The ETag is the request's version." })
  @ApiResponse({ status: 200, type: FundRequestView })
  @ApiErrors({ 404: [REQUEST_NOT_FOUND] })
  async get(@UuidParam('requestId') requestId: string, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    const { version, request } = await this.queries.execute(new GetFundRequestQuery(requestId, actor));
    res.setHeader('ETag', etag(version));
    return request;
  }
}
