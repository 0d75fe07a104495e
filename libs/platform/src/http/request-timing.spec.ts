import { RequestTiming, timingOf } from './request-timing';

describe('RequestTiming', () => {
  it('splits a command into auth, idempotency, loads, decide, append, the rest of the handler and the response', () => {
    const timing = new RequestTiming();
    const t0 = timing.started;
    timing.add('auth', 2);
    timing.add('idempotency', 1);
    timing.handlerStarted = t0 + 3;
    timing.add('decide', 0.5);
    timing.add('append', 3.5);
    timing.handlerEnded = t0 + 13;
    timing.add('idempotency', 1.5);
    const phases = timing.phases(t0 + 16);
    expect(phases).toMatchObject({ auth: 2, idempotency: 2.5, load: 0, decide: 0.5, append: 3.5, handler_rest: 6, response: 1.5, total: 16 });
  });

  it('counts reads that overlap once: the wall time with any read under way', () => {
    const timing = new RequestTiming();
    const t0 = timing.started;
    timing.handlerStarted = t0;
    // Three reads side by side from t0 (30, 20 and 10 ms, told as each ends), then one from t0 + 30 to t0 + 40.
    timing.add('load', 10, t0 + 10);
    timing.add('load', 20, t0 + 20);
    timing.add('load', 30, t0 + 30);
    timing.add('load', 10, t0 + 40);
    timing.handlerEnded = t0 + 45;
    expect(timing.loads).toBe(4);
    expect(timing.load).toBe(40);
    expect(timing.phases(t0 + 45).handler_rest).toBe(5);
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
