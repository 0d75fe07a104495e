import { Controller, Get, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError, type Actor } from '@fund/event-sourcing';
import { Allow, CurrentActor } from '@fund/auth';
import { ApiErrors, etag, UuidParam } from '@fund/platform';
import { FundRequestWorkflow } from '../fund-request.workflow';
import { FundRequestView, toFundRequestView } from './fund-request.view';
import { REQUEST_NOT_FOUND } from '../fund-request-command.view';

@ApiTags('fund requests')
@ApiBearerAuth()
@Controller('fund-requests')
export class GetFundRequestController {
  constructor(private readonly workflow: FundRequestWorkflow) {}

  /** Providers see their own organization's requests only; another's reads as not found. */
  @Get(':requestId')
  @Allow('provider', 'council', 'coordinator', 'auditor')
  @ApiOperation({ summary: "Read a fund request", description: "Providers see their own organization's requests only (another's reads as not found), and only they see the survivor reference. The ETag is the request's version." })
  @ApiResponse({ status: 200, type: FundRequestView })
  @ApiErrors({ 404: [REQUEST_NOT_FOUND] })
  async get(@UuidParam('requestId') requestId: string, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    const { version, state } = await this.workflow.read(requestId);
    if (state.status === 'none' || (actor.role === 'provider' && actor.organizationId !== state.facts.organizationId)) {
      throw new DomainError('FUND_REQUEST.NOT_FOUND', 'No such fund request', {}, 'not_found');
    }
    res.setHeader('ETag', etag(version));
    return toFundRequestView(state, version, actor);
  }
}
