/** Time for the notification schedule, injected so tests move it instead of waiting. */
export interface Clock {
  now(): Date;
}

export const NOTIFICATIONS_CLOCK = Symbol('NOTIFICATIONS_CLOCK');

export const systemClock: Clock = { now: () => new Date() };
