import { Controller, Get, Header, Inject, Injectable, Module, Optional, type DynamicModule, type MiddlewareConsumer, type NestMiddleware, type NestModule } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { Public } from '@fund/auth';
import { EVENT_STORE_MIGRATIONS, EVENT_STORE_MIGRATIONS_COMPONENT, pendingMigrations, type EventStore, type SqlDatabase } from '@fund/event-sourcing';
import type { AppConfig } from './config';
import { SubscriptionsHost } from './subscriptions.module';
import { RequestTiming } from './http/request-timing';
import { APP_CONFIG, EVENT_STORE, READ_DATABASE } from './tokens';

/** One registry per process; labels are routes and outcomes, never ids or user data. */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route template and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly commands = new Counter({
    name: 'commands_total',
    help: 'Commands (POST requests) by route template and outcome',
    labelNames: ['route', 'outcome'],
    registers: [this.registry],
  });
  readonly projectionLag = new Gauge({ name: 'projection_lag_events', help: 'Events not yet applied, per projection (the Kafka relay included)', labelNames: ['projection'], registers: [this.registry] });
  readonly appendDuration = new Histogram({
    name: 'event_store_append_duration_seconds',
    help: 'Event store append latency',
    labelNames: ['streams'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });

  /** Where a command's time goes (see RequestTiming): cheap enough for every POST. */
  readonly commandPhase = new Histogram({
    name: 'command_phase_duration_seconds',
    help: 'Command (POST) time by route template and phase: auth (guard), idempotency (claim and record), load (stream reads), decide, append, handler_rest (validation, bus, other handler code), response (after the handler answered), total (from the first middleware to the response sent)',
    labelNames: ['route', 'phase'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  readonly commandLoads = new Histogram({
    name: 'command_stream_loads',
    help: 'Streams a command read from the store (retries included), by route template',
    labelNames: ['route'],
    buckets: [0, 1, 2, 3, 4, 5, 6, 8, 12],
    registers: [this.registry],
  });
  readonly validationDuration = new Histogram({
    name: 'validation_duration_seconds',
    help: 'DTO validation time by DTO class',
    labelNames: ['dto'],
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}

/** Times every append so the store's latency shows on /metrics. */
export function instrumentStore(store: EventStore, metrics: Metrics): EventStore {
  const appendMany = store.appendMany.bind(store);
  return Object.assign(Object.create(store) as EventStore, {
    append: async (request: Parameters<EventStore['append']>[0]) => (await instrumentedAppendMany([request]))[0]!,
    appendMany: (requests: Parameters<EventStore['appendMany']>[0]) => instrumentedAppendMany(requests),
  });
  async function instrumentedAppendMany(requests: Parameters<EventStore['appendMany']>[0]) {
    const end = metrics.appendDuration.startTimer({ streams: requests.length > 1 ? 'many' : 'one' });
    try {
      return await appendMany(requests);
    } finally {
      end();
    }
  }
}

@Injectable()
class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: Metrics) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const started = process.hrtime.bigint();
    const timing = req.method === 'POST' ? new RequestTiming() : undefined;
    if (timing) (req as Request & { timing?: RequestTiming }).timing = timing;
    res.on('finish', () => {
      // The matched route template (`/fund-requests/:requestId/votes`), never the concrete path.
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.metrics.httpDuration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
      if (req.method === 'POST') {
        const outcome = res.statusCode < 300 ? 'accepted' : res.statusCode < 500 ? 'refused' : 'failed';
        this.metrics.commands.inc({ route, outcome });
      }
      if (timing) {
        for (const [phase, ms] of Object.entries(timing.phases())) this.metrics.commandPhase.observe({ route, phase }, ms / 1000);
        if (timing.handlerStarted !== undefined) this.metrics.commandLoads.observe({ route }, timing.loads);
      }
    });
    next();
  }
}

@Controller()
class ObservabilityController {
  constructor(
    private readonly metrics: Metrics,
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_DATABASE) private readonly db: SqlDatabase,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() private readonly subscriptions?: SubscriptionsHost,
  ) {}

  /** Prometheus scrape endpoint: counts and timings only. Keep it on an internal network. */
  @Get('metrics')
  @ApiOperation({ summary: 'Prometheus metrics', description: 'Counts and timings only. Keep it on an internal network.' })
  @ApiResponse({ status: 200, description: 'the Prometheus text exposition format', content: { 'text/plain': { schema: { type: 'string' } } } })
  @Public()
  @Header('Cache-Control', 'no-store')
  // Express would call a string text/html; scrapers and proxies go by the declared format.
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  async scrape(): Promise<string> {
    for (const p of (await this.subscriptions?.health()) ?? []) {
      if (p.lag !== null) this.metrics.projectionLag.set({ projection: p.name }, p.lag);
    }
    return this.metrics.registry.metrics();
  }

  /** Readiness: the store answers, its schema is current, and the read side is not far behind. */
  @Get('ready')
  @ApiOperation({ summary: 'Readiness', description: 'The store answers, its schema is current, and no projection is further behind than READY_MAX_LAG_EVENTS.' })
  @Public()
  @HealthCheck()
  ready() {
    return this.health.check([
      async () => {
        const store = this.indicators.check('store');
        try {
          await this.store.ping();
          return store.up({ kind: this.store.kind });
        } catch {
          return store.down({ kind: this.store.kind });
        }
      },
      async () => {
        const migrations = this.indicators.check('migrations');
        if (this.store.kind === 'kurrentdb') return migrations.up({ pending: 0 });
        const pending = await pendingMigrations(this.db, EVENT_STORE_MIGRATIONS_COMPONENT, EVENT_STORE_MIGRATIONS).catch(() => null);
        return pending === null ? migrations.down({}) : migrations.up({ pending: pending.length });
      },
      async () => {
        const lag = this.indicators.check('projections');
        const projections = (await this.subscriptions?.health()) ?? [];
        const behind = projections.filter((p) => p.lag === null || p.lag > this.config.READY_MAX_LAG_EVENTS).map((p) => p.name);
        return behind.length === 0 ? lag.up({ running: projections.length }) : lag.down({ behind });
      },
    ]);
  }
}

@Module({})
export class ObservabilityModule implements NestModule {
  static forRoot(): DynamicModule {
    return { module: ObservabilityModule, global: true, imports: [TerminusModule.forRoot({ errorLogStyle: 'json' })], providers: [Metrics], controllers: [ObservabilityController], exports: [Metrics] };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*');
  }
}
