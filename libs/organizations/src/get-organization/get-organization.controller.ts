import { Controller, Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '@fund/event-sourcing';
import { Allow, CurrentActor } from '@fund/auth';
import { ApiErrors, etag } from '@fund/platform';
import { OrganizationView } from '../organization.view';
import { GetOrganizationQuery } from './get-organization.query';

@ApiTags('organizations')
@ApiBearerAuth()
@Controller('organizations')
export class GetOrganizationController {
  constructor(private readonly queries: QueryBus) {}

  /** Providers and council members see their own organization only. */
  @Get(':organizationId')
  @Allow('coordinator', 'auditor', 'provider', 'council')
  @ApiOperation({ summary: "Read a member agency", description: "Providers and council members see their own organization only (another reads as not found)." })
  @ApiResponse({ status: 200, type: OrganizationView })
  @ApiErrors({ 404: [['ORGANIZATION.NOT_FOUND', "No such organization"]] })
  async get(@Param('organizationId') organizationId: string, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    const { version, organization } = await this.queries.execute(new GetOrganizationQuery(organizationId, actor, new Date()));
    res.setHeader('ETag', etag(version));
    return organization;
  }
}
