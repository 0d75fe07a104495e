import { Controller, Get, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError, type Actor } from '@fund/event-sourcing';
import { Allow, CurrentActor } from '@fund/auth';
import { etag, UuidParam } from '@fund/platform';
import { FundRequestWorkflow } from '../fund-request.workflow';
import { toFundRequestView } from './fund-request.view';

@ApiTags('fund requests')
@ApiBearerAuth()
@Controller('fund-requests')
export class GetFundRequestController {
  constructor(private readonly workflow: FundRequestWorkflow) {}

  /** Providers see their own organization's requests only; another's reads as not found. */
  @Get(':requestId')
  @Allow('provider', 'council', 'coordinator', 'auditor')
  async get(@UuidParam('requestId') requestId: string, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    const { version, state } = await this.workflow.read(requestId);
    if (state.status === 'none' || (actor.role === 'provider' && actor.organizationId !== state.facts.organizationId)) {
      throw new DomainError('FUND_REQUEST.NOT_FOUND', 'No such fund request', {}, 'not_found');
    }
    res.setHeader('ETag', etag(version));
    return toFundRequestView(state, version, actor);
  }
}
