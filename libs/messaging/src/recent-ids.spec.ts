import fc from 'fast-check';
import { RecentIds } from './recent-ids';

describe('RecentIds: bounded deduplication by message id', () => {
  it('flags an id seen before within the window', () => {
    const recent = new RecentIds(3);
    expect(['a', 'b', 'a', 'c', 'b'].map((id) => recent.seen(id))).toEqual([false, false, true, false, true]);
  });

  it('forgets the least recently seen id beyond its capacity', () => {
    const recent = new RecentIds(2);
    recent.seen('a');
    recent.seen('b');
    recent.seen('a');
    recent.seen('c');
    expect(recent.seen('a')).toBe(true);
    expect(recent.seen('b')).toBe(false);
  });

  it('never holds more than its capacity, and catches every duplicate that arrives within it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 200 }), (capacity, stream) => {
        const recent = new RecentIds(capacity);
        stream.forEach((n, i) => {
          const window = new Set(stream.slice(0, i).slice(-capacity).map(String));
          const flagged = recent.seen(String(n));
          if (window.has(String(n))) expect(flagged).toBe(true);
          expect(recent.size).toBeLessThanOrEqual(capacity);
        });
      }),
    );
  });
});
