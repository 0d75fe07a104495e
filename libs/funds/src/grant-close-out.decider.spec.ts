import { asArray } from '@fund/event-sourcing';
import { deciderSpec } from '@fund/event-sourcing/testing';
import { budgetActuals, fundDecider, fundFigures, reservationRefusal, type FundState } from './fund.decider';
import type { FundEvent, FundRestrictions } from './fund.events';

const spec = deciderSpec(fundDecider);
const opened: FundEvent = { type: 'FundOpened', data: { fundId: 'voca', name: 'VOCA subaward', restricted: true } };
const received: FundEvent = { type: 'MoneyReceived', data: { donationId: 'd-1', amountCents: 100_000 } };
const grant: FundRestrictions = {
  purpose: { categories: ['lodging', 'groceries'], paymentMethods: ['vendor_payment'] },
  period: { firstDay: '2026-10-01', lastDay: '2027-09-30', liquidationDeadline: '2027-12-29' },
  budgetLines: [
    { lineId: 'housing', categories: ['lodging'], amountCents: 60_000 },
    { lineId: 'basic-needs', categories: ['groceries'], amountCents: 20_000 },
  ],
};
const restricted: FundEvent = { type: 'FundRestrictionsSet', data: { revision: 1, restrictions: grant, effectiveOn: '2026-10-01', reference: 'Award 2026-V-17' } };
const reserved = (requestId: string, amountCents: number, budgetLineId = 'housing'): FundEvent => ({ type: 'MoneyReserved', data: { requestId, amountCents, budgetLineId } });
const paid = (requestId: string, amountCents: number): FundEvent => ({ type: 'MoneyDisbursed', data: { requestId, disbursementId: `x-${requestId}`, amountCents } });
const given = [opened, received, restricted, reserved('r-1', 30_000), paid('r-1', 10_000), reserved('r-2', 5_000, 'basic-needs'), reserved('r-3', 7_000)];
const onLastDay = new Date('2027-09-30T16:00:00Z');
const afterDeadline = new Date('2027-12-30T09:00:00Z');
const fold = (events: FundEvent[]): FundState => events.reduce(fundDecider.evolve, fundDecider.initialState());

describe('grant close-out (fund decider)', () => {
  it('given open reservations, when each has a decision, then moved and released money leaves the fund and kept money stays', () => {
    spec
      .given(given)
      .when({
        type: 'CloseOutGrant',
        data: { decisions: { 'r-1': { action: 'keep' }, 'r-2': { action: 'move', toFundId: 'general' }, 'r-3': { action: 'release' } }, reference: 'Final report', now: onLastDay },
      })
      .then([
        { type: 'ReservationReleased', data: { requestId: 'r-2', amountCents: 5_000, reason: 'moved_at_close_out' } },
        { type: 'ReservationReleased', data: { requestId: 'r-3', amountCents: 7_000, reason: 'grant_closed' } },
        {
          type: 'GrantClosedOut',
          data: {
            closedOn: '2027-09-30',
            reference: 'Final report',
            outcomes: [
              { requestId: 'r-1', amountCents: 20_000, action: 'keep', budgetLineId: 'housing' },
              { requestId: 'r-2', amountCents: 5_000, action: 'move', toFundId: 'general', budgetLineId: 'basic-needs' },
              { requestId: 'r-3', amountCents: 7_000, action: 'release', budgetLineId: 'housing' },
            ],
          },
        },
      ]);
  });

  it('given one decision for all, when a reservation is not named, then the one decision applies to it', () => {
    spec
      .given(given)
      .when({ type: 'CloseOutGrant', data: { decisions: { 'r-1': { action: 'keep' } }, otherwise: { action: 'release' }, now: onLastDay } })
      .then([
        { type: 'ReservationReleased', data: { requestId: 'r-2', amountCents: 5_000, reason: 'grant_closed' } },
        { type: 'ReservationReleased', data: { requestId: 'r-3', amountCents: 7_000, reason: 'grant_closed' } },
        {
          type: 'GrantClosedOut',
          data: {
            closedOn: '2027-09-30',
            outcomes: [
              { requestId: 'r-1', amountCents: 20_000, action: 'keep', budgetLineId: 'housing' },
              { requestId: 'r-2', amountCents: 5_000, action: 'release', budgetLineId: 'basic-needs' },
              { requestId: 'r-3', amountCents: 7_000, action: 'release', budgetLineId: 'housing' },
            ],
          },
        },
      ]);
  });

  it('refuses a reservation left without a decision, naming how many', () => {
    spec.given(given).when({ type: 'CloseOutGrant', data: { decisions: { 'r-1': { action: 'keep' } }, now: onLastDay } }).thenThrows('FUND.CLOSE_OUT_UNDECIDED', { field: 'decisions', undecided: 2 });
  });

  it('refuses a decision for a request with no open reservation here (paid in full, or another fund)', () => {
    spec
      .given([...given, paid('r-3', 7_000)])
      .when({ type: 'CloseOutGrant', data: { decisions: { 'r-3': { action: 'release' } }, otherwise: { action: 'release' }, now: onLastDay } })
      .thenThrows('FUND.CLOSE_OUT_UNKNOWN_RESERVATION', { requestId: 'r-3' });
  });

  it('refuses before the last day of the period of performance', () => {
    spec.given(given).when({ type: 'CloseOutGrant', data: { decisions: {}, otherwise: { action: 'release' }, now: new Date('2027-09-29T23:00:00Z') } }).thenThrows('FUND.PERIOD_NOT_ENDED', { lastDay: '2027-09-30' });
  });

  it('refuses keeping money reserved once the liquidation deadline has passed; releasing it is still possible', () => {
    spec.given(given).when({ type: 'CloseOutGrant', data: { decisions: {}, otherwise: { action: 'keep' }, now: afterDeadline } }).thenThrows('FUND.LIQUIDATION_DEADLINE_PASSED', { liquidationDeadline: '2027-12-29' });
    const events = asArray(fundDecider.decide({ type: 'CloseOutGrant', data: { decisions: {}, otherwise: { action: 'release' }, now: afterDeadline } }, fold(given)));
    expect(events.map((e) => e.type)).toEqual(['ReservationReleased', 'ReservationReleased', 'ReservationReleased', 'GrantClosedOut']);
  });

  it('refuses moving a reservation to the same fund, closing twice, and closing money without restrictions', () => {
    spec.given(given).when({ type: 'CloseOutGrant', data: { decisions: {}, otherwise: { action: 'move', toFundId: 'voca' }, now: onLastDay } }).thenThrows('FUND.CLOSE_OUT_MOVE_TO_SELF');
    const closed: FundEvent = { type: 'GrantClosedOut', data: { closedOn: '2027-09-30', outcomes: [] } };
    spec.given([opened, restricted, closed]).when({ type: 'CloseOutGrant', data: { decisions: {}, now: onLastDay } }).thenThrows('FUND.GRANT_CLOSED', { closedOn: '2027-09-30' });
    const general: FundEvent = { type: 'FundOpened', data: { fundId: 'general', name: 'General', restricted: false } };
    spec.given([general]).when({ type: 'CloseOutGrant', data: { decisions: {}, now: onLastDay } }).thenThrows('FUND.NOT_RESTRICTED');
    spec.given([]).when({ type: 'CloseOutGrant', data: { decisions: {}, now: onLastDay } }).thenThrows('FUND.NOT_FOUND');
  });

  describe('after the close-out', () => {
    const closeOut = asArray(fundDecider.decide({ type: 'CloseOutGrant', data: { decisions: { 'r-1': { action: 'keep' } }, otherwise: { action: 'release' }, now: onLastDay } }, fold(given)));
    const after = [...given, ...closeOut];
    const lodging = { category: 'lodging', paymentMethod: 'vendor_payment', on: '2027-09-30' };

    it('takes no new reservation, so the fund choice passes it over', () => {
      spec.given(after).when({ type: 'ReserveMoney', data: { requestId: 'r-9', amountCents: 100, charge: lodging } }).thenThrows('FUND.GRANT_CLOSED', { rule: 'closeOut', closedOn: '2027-09-30' });
      expect(reservationRefusal(fold(after), 'r-9', 100, lodging)?.code).toBe('FUND.GRANT_CLOSED');
    });

    it('takes no amendment of its restrictions', () => {
      spec.given(after).when({ type: 'SetFundRestrictions', data: { restrictions: grant, now: onLastDay } }).thenThrows('FUND.GRANT_CLOSED');
    });

    it('pays kept money until the liquidation deadline, and not after it', () => {
      spec
        .given(after)
        .when({ type: 'DisburseMoney', data: { requestId: 'r-1', disbursementId: 'x-2', amountCents: 20_000, charge: { paymentMethod: 'vendor_payment', on: '2027-12-29' } } })
        .then({ type: 'MoneyDisbursed', data: { requestId: 'r-1', disbursementId: 'x-2', amountCents: 20_000 } });
      spec
        .given(after)
        .when({ type: 'DisburseMoney', data: { requestId: 'r-1', disbursementId: 'x-2', amountCents: 20_000, charge: { paymentMethod: 'vendor_payment', on: '2027-12-30' } } })
        .thenThrows('FUND.OUTSIDE_LIQUIDATION_PERIOD');
    });

    it('pays nothing for a released reservation', () => {
      spec
        .given(after)
        .when({ type: 'DisburseMoney', data: { requestId: 'r-3', disbursementId: 'x-3', amountCents: 1, charge: { paymentMethod: 'vendor_payment', on: '2027-10-01' } } })
        .thenThrows('FUND.EXCEEDS_RESERVATION', { reservedCents: 0 });
    });

    it('shows released money as available (unspent) and no longer on its budget line', () => {
      const state = fold(after);
      expect(fundFigures(state)).toMatchObject({ receivedCents: 100_000, disbursedCents: 10_000, reservedCents: 20_000, availableCents: 70_000 });
      expect(budgetActuals(state).map((l) => [l.lineId, l.reservedCents, l.spentCents])).toEqual([
        ['housing', 20_000, 10_000],
        ['basic-needs', 0, 0],
      ]);
    });
  });
});
