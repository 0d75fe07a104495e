import { RequestTiming, timingOf } from './request-timing';

describe('RequestTiming', () => {
  it('splits a command into auth, loads, decide, append, the rest of the handler and the response', () => {
    const timing = new RequestTiming();
    const t0 = timing.started;
    timing.add('auth', 2);
    timing.handlerStarted = t0 + 3;
    timing.add('load', 4);
    timing.add('load', 1);
    timing.add('decide', 0.5);
    timing.add('append', 3.5);
    timing.handlerEnded = t0 + 13;
    const phases = timing.phases(t0 + 15);
    expect(phases).toEqual({ auth: 2, load: 5, decide: 0.5, append: 3.5, handler_rest: 1, response: 2, total: 15 });
    expect(timing.loads).toBe(2);
  });

  it('reports only auth and total for a request refused before its handler ran', () => {
    const timing = new RequestTiming();
    timing.add('auth', 1);
    expect(Object.keys(timing.phases(timing.started + 2)).sort()).toEqual(['auth', 'total']);
  });

  it('counts idempotency only where a key was sent', () => {
    const timing = new RequestTiming();
    expect(timing.phases()).not.toHaveProperty('idempotency');
    timing.add('idempotency', 1.5);
    expect(timing.phases().idempotency).toBe(1.5);
  });

  it('finds the timing only where the edge put one', () => {
    const timing = new RequestTiming();
    expect(timingOf({ timing })).toBe(timing);
    expect(timingOf({ timing: { add: () => undefined } })).toBeUndefined();
    expect(timingOf(undefined)).toBeUndefined();
  });
});
