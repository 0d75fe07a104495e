export * from './error-body';
export * from './validation';
export * from './exception.filter';
export * from './command-context';
export * from './idempotency';
export * from './http.module';
export * from './configure-http';
export * from './rate-limit';
