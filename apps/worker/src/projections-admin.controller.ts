import { Body, Controller, Get, HttpCode, Logger, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { Allow } from '@fund/auth';
import { ProjectionHealthView, SubscriptionsHost } from '@fund/platform';

export class RebuildDto {
  @ApiPropertyOptional({ description: 'One projection; all when omitted', example: 'audit-ledger' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,64}$/, { message: 'name must be a projection name like audit-ledger' })
  name?: string;
}

export class ProjectionsView {
  @ApiProperty({ type: [ProjectionHealthView] }) readonly projections!: readonly ProjectionHealthView[];
}

export class RebuildStarted {
  @ApiProperty({ type: [String], description: 'the projections being rebuilt; empty when the name is unknown' }) readonly started!: readonly string[];
  @ApiPropertyOptional({ type: [String], description: 'the projections there are, when the name matched none' }) readonly known?: readonly string[];
}

/** Operators' view of the read side: lag per projection, and rebuilds from position 0. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/projections')
export class ProjectionsAdminController {
  private readonly logger = new Logger('Projections');

  constructor(private readonly host: SubscriptionsHost) {}

  @Get()
  @Allow('coordinator', 'auditor')
  @ApiOperation({ summary: 'Projections and their lag', description: 'Lag per projection, and the progress of a rebuild under way.' })
  @ApiOkResponse({ type: ProjectionsView })
  async list(): Promise<ProjectionsView> {
    return { projections: await this.host.health() };
  }

  /** Starts the rebuild and answers at once; follow its progress on GET /admin/projections. */
  @Post('rebuild')
  @HttpCode(202)
  @Allow('coordinator')
  @ApiOperation({ summary: 'Rebuild projections', description: 'Starts a rebuild from position 0 (one projection, or all) and answers at once; follow it on GET /admin/projections.' })
  @ApiResponse({ status: 202, type: RebuildStarted })
  rebuild(@Body() body: RebuildDto): RebuildStarted {
    const known = this.host.runners.map((r) => r.name);
    const selected = body.name === undefined ? known : known.filter((n) => n === body.name);
    if (selected.length === 0) return { started: [], known };
    void this.host.rebuild(body.name).then(
      (results) => this.logger.log({ results }, 'projection rebuild finished'),
      (error: unknown) => this.logger.error({ error: error instanceof Error ? error.message : String(error) }, 'projection rebuild failed'),
    );
    return { started: selected };
  }
}
