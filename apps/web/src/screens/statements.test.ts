import { describe, expect, it } from 'vitest';
import { fiscalYearStart } from './statements.js';

describe('the statements screen opens on the federal fiscal year to date', () => {
  it('starts the fiscal year on October 1: the same year from October, the year before until September', () => {
    expect(fiscalYearStart('2026-12-07')).toBe('2026-10-01');
    expect(fiscalYearStart('2026-10-01')).toBe('2026-10-01');
    expect(fiscalYearStart('2026-09-30')).toBe('2025-10-01');
    expect(fiscalYearStart('2027-01-01')).toBe('2026-10-01');
  });
});
