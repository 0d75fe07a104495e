import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError, loadStreamState, type Actor, type EventStore } from '@fund/event-sourcing';
import { Allow, CurrentActor } from '@fund/auth';
import { EVENT_STORE, etag } from '@fund/platform';
import { organizationDecider, overdueReceipts } from '../organization.decider';
import { organizationStreamId } from '../organization.events';

@ApiTags('organizations')
@ApiBearerAuth()
@Controller('organizations')
export class GetOrganizationController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Providers and council members see their own organization only. */
  @Get(':organizationId')
  @Allow('coordinator', 'auditor', 'provider', 'council')
  async get(@Param('organizationId') organizationId: string, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    const ownOnly = actor.role === 'provider' || actor.role === 'council';
    const { version, state } = await loadStreamState(this.store, organizationStreamId(organizationId), organizationDecider);
    if (state.status !== 'registered' || (ownOnly && actor.organizationId !== organizationId)) {
      throw new DomainError('ORGANIZATION.NOT_FOUND', 'No such organization', {}, 'not_found');
    }
    res.setHeader('ETag', etag(version));
    return {
      organizationId: state.organizationId,
      providerType: state.providerType,
      county: state.county,
      receiptsDue: Object.keys(state.receiptsDue).length,
      receiptsOverdue: overdueReceipts(state, new Date()).map((r) => ({ requestId: r.requestId, disbursementId: r.disbursementId, dueOn: r.dueOn })),
    };
  }
}
