/** Injection tokens shared by the apps. */
export const EVENT_STORE = Symbol('EVENT_STORE');
/** The SQL database read models and checkpoints live in. */
export const READ_DATABASE = Symbol('READ_DATABASE');
export const APP_CONFIG = Symbol('APP_CONFIG');
/** Array of EventHandler (projections, relays) the worker runs. */
export const EVENT_HANDLERS = Symbol('EVENT_HANDLERS');
/** Optional extra sections of /health (the Kafka relay's status), provided by the worker. */
export const HEALTH_EXTRAS = Symbol('HEALTH_EXTRAS');
export interface HealthExtra {
  readonly name: string;
  report(projections: readonly { readonly name: string; readonly lag: number | null; readonly lastError: string | null }[] | null): unknown;
}
