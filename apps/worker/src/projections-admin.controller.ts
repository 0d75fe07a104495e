import { Body, Controller, Get, HttpCode, Logger, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { Allow } from '@fund/auth';
import { SubscriptionsHost } from '@fund/platform';

export class RebuildDto {
  @ApiPropertyOptional({ description: 'One projection; all when omitted', example: 'audit-ledger' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,64}$/, { message: 'name must be a projection name like audit-ledger' })
  name?: string;
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
  async list() {
    return { projections: await this.host.health() };
  }

  /** Starts the rebuild and answers at once; follow its progress on GET /admin/projections. */
  @Post('rebuild')
  @HttpCode(202)
  @Allow('coordinator')
  rebuild(@Body() body: RebuildDto) {
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
