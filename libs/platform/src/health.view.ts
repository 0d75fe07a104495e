import { ApiProperty } from '@nestjs/swagger';

export class LogPositionView {
  @ApiProperty({ type: 'integer' }) readonly commit!: number;
  @ApiProperty({ type: 'integer' }) readonly prepare!: number;
}

export class RebuildProgressView {
  @ApiProperty({ type: 'integer' }) readonly handled!: number;
  @ApiProperty({ type: 'integer' }) readonly total!: number;
  @ApiProperty({ type: 'number' }) readonly eventsPerSecond!: number;
}

/** One checkpointed subscription (a projection or the relay) and how far behind it is. */
export class ProjectionHealthView {
  @ApiProperty({ example: 'audit-ledger' }) readonly name!: string;
  @ApiProperty() readonly running!: boolean;
  @ApiProperty({ type: LogPositionView }) readonly checkpoint!: LogPositionView;
  @ApiProperty({ type: 'integer', description: 'events handled since start' }) readonly handled!: number;
  @ApiProperty({ type: 'string', nullable: true }) readonly lastError!: string | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'events behind the head of the log; null when unknown' }) readonly lag!: number | null;
  @ApiProperty({ type: RebuildProgressView, nullable: true, description: 'progress of a rebuild under way' }) readonly rebuild!: RebuildProgressView | null;
}

export class StoreHealthView {
  @ApiProperty({ example: 'pglite' }) readonly kind!: string;
  @ApiProperty() readonly reachable!: boolean;
}

/** Liveness. Extra sections (the Kafka relay) appear beside these when configured. */
export class HealthReportView {
  @ApiProperty({ enum: ['ok', 'unavailable'] }) readonly status!: 'ok' | 'unavailable';
  @ApiProperty({ type: StoreHealthView }) readonly store!: StoreHealthView;
  @ApiProperty({ type: [ProjectionHealthView], nullable: true, description: 'null in a process that runs no projections' })
  readonly projections!: readonly ProjectionHealthView[] | null;
}

export class AccessRecordView {
  @ApiProperty({ format: 'date-time' }) readonly at!: string;
  @ApiProperty() readonly userId!: string;
  @ApiProperty({ example: 'funder' }) readonly role!: string;
  @ApiProperty() readonly organizationId!: string;
  @ApiProperty({ example: 'reports.quarterly.export' }) readonly resource!: string;
  @ApiProperty({ example: '/reports/quarterly/export' }) readonly path!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'short code-like filter values only (dates, ids, formats), never free text', example: { fiscalYear: '2027', format: 'xlsx' } })
  readonly filters!: Readonly<Record<string, string>>;
}

/** A day of the access log. */
export class AccessLogView {
  @ApiProperty({ format: 'date' }) readonly day!: string;
  @ApiProperty({ type: [AccessRecordView] }) readonly accesses!: readonly AccessRecordView[];
}
