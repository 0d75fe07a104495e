import { followUp } from '@fund/event-sourcing';
import { deciderSpec, planSpec } from '@fund/event-sourcing/testing';
import {
  accountingCalendarDecider,
  accountingMonthDecider,
  accountingMonthStreamId,
  admitDatedEntry,
  periodClosePlan,
  type ClosePeriod,
} from './period.decider';
import type { AccountingCalendarEvent } from './period.events';
import { monthsOfFiscalYear } from './period.calendar';

const calendar = deciderSpec(accountingCalendarDecider);
const month = deciderSpec(accountingMonthDecider);
const close = (period: string, now = '2026-12-07T12:00:00Z', kind: ClosePeriod['data']['kind'] = 'month'): ClosePeriod => ({
  type: 'ClosePeriod',
  data: { kind, period, now: new Date(now) },
});
const monthClosed = (period: string): AccountingCalendarEvent => {
  const to = new Date(Date.UTC(Number(period.slice(0, 4)), Number(period.slice(5, 7)), 0)).toISOString().slice(0, 10);
  return { type: 'PeriodClosed', data: { kind: 'month', period, from: `${period}-01`, to } };
};

describe('accounting calendar: a coordinator closes months in order, then fiscal years', () => {
  it('closes an ended month with its first and last day', () => {
    calendar.given([]).when(close('2026-11')).then({ type: 'PeriodClosed', data: { kind: 'month', period: '2026-11', from: '2026-11-01', to: '2026-11-30' } });
  });

  it('knows February of a leap year', () => {
    calendar.given([monthClosed('2028-01')]).when(close('2028-02', '2028-03-05T00:00:00Z')).then(monthClosed('2028-02'));
    expect(monthClosed('2028-02').data.to).toBe('2028-02-29');
  });

  it('refuses a month before its second day after: a decision dated on its last day may still be committing', () => {
    calendar.given([]).when(close('2026-11', '2026-12-01T23:59:59Z')).thenThrows('PERIOD.NOT_ENDED', { period: '2026-11', closableFrom: '2026-12-02' });
    calendar.given([]).when(close('2026-12', '2026-12-20T10:00:00Z')).thenThrows('PERIOD.NOT_ENDED');
    calendar.given([]).when(close('2026-11', '2026-12-02T00:00:00Z')).then(monthClosed('2026-11'));
  });

  it('refuses to close a month twice', () => {
    calendar.given([monthClosed('2026-10'), monthClosed('2026-11')]).when(close('2026-10')).thenThrows('PERIOD.ALREADY_CLOSED', { period: '2026-10' });
  });

  it('closes months in order: not one after a gap, not one before the first close', () => {
    calendar.given([monthClosed('2026-09')]).when(close('2026-11')).thenThrows('PERIOD.OUT_OF_ORDER', { period: '2026-11', nextToClose: '2026-10' });
    calendar.given([monthClosed('2026-09')]).when(close('2026-08')).thenThrows('PERIOD.OUT_OF_ORDER');
    calendar.given([monthClosed('2026-09')]).when(close('2026-10')).then(monthClosed('2026-10'));
  });

  it('crosses a calendar year', () => {
    calendar.given([monthClosed('2026-12')]).when(close('2027-01', '2027-02-02T00:00:00Z')).then(monthClosed('2027-01'));
  });

  it('refuses a malformed period', () => {
    calendar.given([]).when(close('2026-13')).thenThrows('PERIOD.UNKNOWN', { field: 'period' });
    calendar.given([]).when(close('2027', undefined, 'fiscal_year')).thenThrows('PERIOD.UNKNOWN', { field: 'period' });
  });

  const fy2027 = monthsOfFiscalYear(2027).map(monthClosed);

  it('closes a fiscal year (October to September, named after the year it ends in) once its twelve months are closed', () => {
    calendar
      .given(fy2027)
      .when(close('FY2027', '2027-10-05T00:00:00Z', 'fiscal_year'))
      .then({ type: 'PeriodClosed', data: { kind: 'fiscal_year', period: 'FY2027', from: '2026-10-01', to: '2027-09-30' } });
  });

  it('refuses a fiscal year with open months, naming them', () => {
    calendar.given(fy2027.slice(0, 10)).when(close('FY2027', '2027-10-05T00:00:00Z', 'fiscal_year')).thenThrows('PERIOD.MONTHS_OPEN', { openMonths: ['2027-08', '2027-09'] });
    calendar.given([]).when(close('FY2027', '2027-10-05T00:00:00Z', 'fiscal_year')).thenThrows('PERIOD.MONTHS_OPEN');
  });

  it('refuses to close a fiscal year twice', () => {
    const closedYear: AccountingCalendarEvent = { type: 'PeriodClosed', data: { kind: 'fiscal_year', period: 'FY2027', from: '2026-10-01', to: '2027-09-30' } };
    calendar.given([...fy2027, closedYear]).when(close('FY2027', '2027-10-05T00:00:00Z', 'fiscal_year')).thenThrows('PERIOD.ALREADY_CLOSED');
  });
});

describe('accounting month: the guard of entries dated in a month', () => {
  it('admits an entry dated in an open month, beside it on the month stream', () => {
    month.given([]).when({ type: 'AdmitDatedEntry', data: { effectiveDate: '2026-11-30' } }).then({ type: 'BackdatedEntryAdmitted', data: { effectiveDate: '2026-11-30' } });
  });

  it('refuses an entry dated in a sealed month, naming the rule and the period', () => {
    month
      .given([{ type: 'MonthSealed', data: { month: '2026-11' } }])
      .when({ type: 'AdmitDatedEntry', data: { effectiveDate: '2026-11-30' } })
      .thenThrows('PERIOD.CLOSED', { effectiveDate: '2026-11-30', period: '2026-11' });
  });

  it('seals once', () => {
    month.given([]).when({ type: 'SealMonth', data: { month: '2026-11' } }).then({ type: 'MonthSealed', data: { month: '2026-11' } });
    month.given([{ type: 'MonthSealed', data: { month: '2026-11' } }]).when({ type: 'SealMonth', data: { month: '2026-11' } }).then([]);
  });
});

describe('period close plan', () => {
  const plan = planSpec(accountingCalendarDecider, periodClosePlan);

  it('closing a month seals its guard stream in the same append', () => {
    plan
      .given([])
      .when(close('2026-11'))
      .then([followUp(accountingMonthStreamId('2026-11'), accountingMonthDecider, { type: 'SealMonth', data: { month: '2026-11' } })]);
  });

  it('closing a fiscal year seals nothing more', () => {
    plan.given(monthsOfFiscalYear(2027).map(monthClosed)).when(close('FY2027', '2027-10-05T00:00:00Z', 'fiscal_year')).thenNothingElse();
  });
});

describe('admitDatedEntry: which dated entries need the guard', () => {
  it('an entry dated in an earlier month than it is recorded is admitted by that month', () => {
    expect(admitDatedEntry('2026-11-28', new Date('2026-12-03T10:00:00Z'))).toEqual([
      followUp(accountingMonthStreamId('2026-11'), accountingMonthDecider, { type: 'AdmitDatedEntry', data: { effectiveDate: '2026-11-28' } }),
    ]);
    expect(admitDatedEntry('2025-01-15', '2026-12-03T10:00:00.000Z')).toHaveLength(1);
  });

  it('an entry dated in the month it is recorded needs none (that month cannot close yet)', () => {
    expect(admitDatedEntry('2026-12-01', new Date('2026-12-03T10:00:00Z'))).toEqual([]);
    expect(admitDatedEntry('2026-12-03', '2026-12-03T10:00:00.000Z')).toEqual([]);
  });
});
