/** Helpers for tests of other libs and of the apps (events of a reporting history written straight to a store). */
export * from './events';
