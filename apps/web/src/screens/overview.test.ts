import { describe, expect, it } from 'vitest';
import { waited } from './overview.js';

describe('waited', () => {
  const at = Date.parse('2026-12-07T12:00:00Z');
  const ago = (minutes: number) => new Date(at - minutes * 60_000).toISOString();

  it('says how long an emergency has waited, to the minute, in words a coordinator reads at a glance', () => {
    expect(waited(ago(0), at)).toBe('under a minute');
    expect(waited(ago(7), at)).toBe('7 min');
    expect(waited(ago(60), at)).toBe('1 h');
    expect(waited(ago(200), at)).toBe('3 h 20 min');
    expect(waited(ago(24 * 60), at)).toBe('1 day');
    expect(waited(ago(2 * 24 * 60 + 4 * 60 + 59), at)).toBe('2 days 4 h');
  });

  it('never says a negative time when the clocks disagree a little', () => {
    expect(waited(new Date(at + 90_000).toISOString(), at)).toBe('under a minute');
  });
});
