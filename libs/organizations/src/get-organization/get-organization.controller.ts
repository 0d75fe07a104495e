import { Controller, Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '@fund/event-sourcing';
import { Allow, CurrentActor } from '@fund/auth';
import { etag } from '@fund/platform';
import { GetOrganizationQuery } from './get-organization.query';

@ApiTags('organizations')
@ApiBearerAuth()
@Controller('organizations')
export class GetOrganizationController {
  constructor(private readonly queries: QueryBus) {}

  /** Providers and council members see their own organization only. */
  @Get(':organizationId')
  @Allow('coordinator', 'auditor', 'provider', 'council')
  async get(@Param('organizationId') organizationId: string, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    const { version, organization } = await this.queries.execute(new GetOrganizationQuery(organizationId, actor, new Date()));
    res.setHeader('ETag', etag(version));
    return organization;
  }
}
