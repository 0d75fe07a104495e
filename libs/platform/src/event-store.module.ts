import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { openEventStore, UpcasterRegistry, type EventStore, type SqlDatabase, type Upcaster } from '@fund/event-sourcing';
import type { AppConfig } from './config';
import { APP_CONFIG, EVENT_STORE, READ_DATABASE } from './tokens';
import { instrumentStore, Metrics } from './observability';
import { trackWrittenPositions } from './consistency/written-positions';

interface Opened {
  readonly store: EventStore;
  readonly db: SqlDatabase;
}
const OPENED = Symbol('OPENED_EVENT_STORE');

class EventStoreLifecycle implements OnApplicationShutdown {
  constructor(@Inject(OPENED) private readonly opened: Opened) {}
  async onApplicationShutdown(): Promise<void> {
    await this.opened.store.close();
  }
}

/** Opens the configured store once per process (migrations included) and closes it last. */
@Global()
@Module({})
export class EventStoreModule {
  /** `upcasters`: the composition root's list, from the libs that own the events. */
  static forRoot(config: AppConfig, upcasters: readonly Upcaster[] = []): DynamicModule {
    const options = { upcasters: new UpcasterRegistry(upcasters) };
    return {
      module: EventStoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        {
          provide: OPENED,
          useFactory: () => {
            switch (config.EVENT_STORE) {
              case 'postgres':
                return openEventStore({ kind: 'postgres', connectionString: config.DATABASE_URL ?? '', poolSize: config.PG_POOL_SIZE }, options);
              case 'kurrentdb':
                return openEventStore({ kind: 'kurrentdb', url: config.KURRENTDB_URL ?? '', readModelsConnectionString: config.DATABASE_URL ?? '', poolSize: config.PG_POOL_SIZE }, options);
              default:
                return openEventStore({ kind: 'pglite', dataDir: join(config.DATA_DIR, 'pglite') }, options);
            }
          },
        },
        {
          provide: EVENT_STORE,
          useFactory: (o: Opened, metrics?: Metrics) => trackWrittenPositions(metrics ? instrumentStore(o.store, metrics) : o.store),
          inject: [OPENED, { token: Metrics, optional: true }],
        },
        { provide: READ_DATABASE, useFactory: (o: Opened) => o.db, inject: [OPENED] },
        EventStoreLifecycle,
      ],
      exports: [APP_CONFIG, EVENT_STORE, READ_DATABASE],
    };
  }
}
