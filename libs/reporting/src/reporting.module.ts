import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { migrate, type SqlDatabase } from '@fund/event-sourcing';
import { READ_DATABASE } from '@fund/platform';
import { ReportsController } from './http/reports.controller';
import { REPORTING_MIGRATIONS } from './reporting.migrations';
import { ReportingProjection } from './reporting.projection';

/**
 * Query side of the anonymized reports. Creates the reporting tables too (same component name
 * as the projection's runner), so an api replica never queries a table that does not exist yet.
 * The projection itself runs in the worker; it is provided here so an app can get it.
 */
@Module({
  controllers: [ReportsController],
  providers: [ReportingProjection],
  exports: [ReportingProjection],
})
export class ReportingModule implements OnModuleInit {
  constructor(@Inject(READ_DATABASE) private readonly db: SqlDatabase) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.db, 'read-model:reporting', REPORTING_MIGRATIONS);
  }
}
