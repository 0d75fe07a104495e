import { Controller, Get, HttpStatus, Inject, Optional, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOperation, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import type { EventStore } from '@fund/event-sourcing';
import { Public } from '@fund/auth';
import { HealthReportView } from './health.view';
import { EVENT_STORE, HEALTH_EXTRAS, type HealthExtra } from './tokens';
import { SubscriptionsHost, type ProjectionHealth } from './subscriptions.module';

export interface HealthReport {
  readonly status: 'ok' | 'unavailable';
  readonly store: { readonly kind: string; readonly reachable: boolean };
  /** Null in a process that runs no projections (an api replica beside a worker). */
  readonly projections: readonly ProjectionHealth[] | null;
}

/** Open to extra sections (HEALTH_EXTRAS, e.g. the Kafka relay) beside the fixed ones. */
const HEALTH_SCHEMA = { allOf: [{ $ref: getSchemaPath(HealthReportView) }], additionalProperties: true };

@Controller()
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() private readonly subscriptions?: SubscriptionsHost,
    @Optional() @Inject(HEALTH_EXTRAS) private readonly extras?: HealthExtra[],
  ) {}

  @Public()
  @Get('health')
  @ApiOperation({ summary: 'Liveness', description: 'The store answers, and how far each projection is behind.' })
  @ApiExtraModels(HealthReportView)
  @ApiResponse({ status: 200, description: 'alive', content: { 'application/json': { schema: HEALTH_SCHEMA } } })
  @ApiResponse({ status: 503, description: 'the store does not answer', content: { 'application/json': { schema: HEALTH_SCHEMA } } })
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthReport & Record<string, unknown>> {
    const reachable = await this.store.ping().then(
      () => true,
      () => false,
    );
    const projections = this.subscriptions ? await this.subscriptions.health() : null;
    if (!reachable) res.status(HttpStatus.SERVICE_UNAVAILABLE);
    // A lagging relay is reported, not fatal: Kafka being away is not the service being down.
    const extras = Object.fromEntries((this.extras ?? []).map((e) => [e.name, e.report(projections)]));
    return { status: reachable ? 'ok' : 'unavailable', store: { kind: this.store.kind, reachable }, projections, ...extras };
  }
}
