/** Injection tokens shared by the apps. */
export const EVENT_STORE = Symbol('EVENT_STORE');
/** The SQL database read models and checkpoints live in. */
export const READ_DATABASE = Symbol('READ_DATABASE');
export const APP_CONFIG = Symbol('APP_CONFIG');
/** Array of EventHandler (projections, relays) the worker runs. */
export const EVENT_HANDLERS = Symbol('EVENT_HANDLERS');
