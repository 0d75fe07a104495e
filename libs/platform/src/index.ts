export * from './config';
export * from './tokens';
export * from './event-store.module';
export * from './logging.module';
export * from './subscriptions.module';
export * from './health.controller';
export * from './http';
export * from './auth-options';
