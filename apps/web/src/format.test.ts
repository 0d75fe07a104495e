import { describe, expect, it } from 'vitest';
import { codes, dateTime, day, dollarsInput, label, money, parseDollars, shortId, tiersText } from './format.js';

describe('money', () => {
  it('shows integer cents as US dollars, and a dash for nothing', () => {
    expect(money(120_050)).toBe('$1,200.50');
    expect(money(0)).toBe('$0.00');
    expect(money(null)).toBe('—');
    expect(money(undefined)).toBe('—');
  });
});

describe('parseDollars', () => {
  it.each([
    ['120', 12_000],
    ['120.5', 12_050],
    ['120.50', 12_050],
    ['$1,200.50', 120_050],
    [' 7 ', 700],
    ['0.07', 7],
  ])('reads %j as %i cents', (text, cents) => {
    expect(parseDollars(text)).toBe(cents);
  });

  it.each(['', 'abc', '12.345', '-5', '1e3', '1 000', '.5', '1234567890'])('refuses %j', (text) => {
    expect(parseDollars(text)).toBeNull();
  });

  it('gives back what dollarsInput wrote', () => {
    for (const cents of [0, 7, 12_050, 99_999_999]) expect(parseDollars(dollarsInput(cents))).toBe(cents);
    expect(dollarsInput(null)).toBe('');
  });
});

describe('labels', () => {
  it('says known codes in plain language', () => {
    expect(label('status', 'info_requested')).toBe('Question to answer');
    expect(label('category', 'phone_card')).toBe('Phone cards');
  });

  it('shows an unknown code readably rather than hiding it', () => {
    expect(label('category', 'pet_care')).toBe('Pet care');
    expect(label('county', 'out_of_state')).toBe('Out of state');
    expect(label('county', 'cumberland')).toBe('Cumberland');
    expect(label('status', null)).toBe('—');
  });

  it('lists the codes of a kind in display order', () => {
    expect(codes('urgency')).toEqual(['standard', 'urgent', 'emergency']);
    expect(codes('county')).toContain('cumberland');
    expect(codes('no-such-kind')).toEqual([]);
  });
});

describe('dates and ids', () => {
  it('shows a day as it is (never shifted by time zone)', () => {
    expect(day('2026-01-31')).toBe('2026-01-31');
    expect(day(null)).toBe('—');
  });

  it('shows a timestamp, or what it was given when it is not one', () => {
    expect(dateTime('2026-10-15T12:00:00.000Z')).toMatch(/Oct 15, 2026/);
    expect(dateTime('not a date')).toBe('not a date');
    expect(dateTime(undefined)).toBe('—');
  });

  it('shortens an id to its first eight characters', () => {
    expect(shortId('578b667d-751d-436e-9dc9-9ce67c1cbd4a')).toBe('578b667d');
  });
});

describe('tiersText', () => {
  it('says each approval tier with its amount', () => {
    expect(
      tiersText({
        approvalTiers: [
          { upToCents: 25_000, approvalsRequired: 1 },
          { upToCents: null, approvalsRequired: 2 },
        ],
      }),
    ).toBe('up to $250.00: 1 council approval; above $250.00: 2 council approvals');
  });

  it('says a single unbounded tier covers any amount', () => {
    expect(tiersText({ approvalTiers: [{ upToCents: null, approvalsRequired: 3 }] })).toBe('3 council approvals for any amount');
  });
});
