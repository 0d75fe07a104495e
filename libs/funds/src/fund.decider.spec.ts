import { deciderSpec } from '@fund/event-sourcing/testing';
import { fundDecider, fundFigures } from './fund.decider';
import type { FundEvent } from './fund.events';

const spec = deciderSpec(fundDecider);
const opened: FundEvent = { type: 'FundOpened', data: { fundId: 'general', name: 'General donations', restricted: false } };
const received = (amountCents: number, donationId = 'd-1'): FundEvent => ({ type: 'MoneyReceived', data: { donationId, amountCents } });
const reserved = (requestId: string, amountCents: number): FundEvent => ({ type: 'MoneyReserved', data: { requestId, amountCents } });
const disbursed = (requestId: string, disbursementId: string, amountCents: number): FundEvent => ({
  type: 'MoneyDisbursed',
  data: { requestId, disbursementId, amountCents },
});

describe('fund decider', () => {
  describe('OpenFund', () => {
    it('opens a fund once', () => {
      spec.given([]).when({ type: 'OpenFund', data: { fundId: 'general', name: 'General donations', restricted: false } }).then(opened);
    });

    it('refuses to open it twice', () => {
      spec.given([opened]).when({ type: 'OpenFund', data: { fundId: 'general', name: 'Again', restricted: true } }).thenThrows('FUND.ALREADY_OPEN');
    });
  });

  describe('ReceiveMoney', () => {
    it('records money received', () => {
      spec.given([opened]).when({ type: 'ReceiveMoney', data: { donationId: 'd-1', amountCents: 5_000 } }).then(received(5_000));
    });

    it('refuses money for a fund that was never opened', () => {
      spec.given([]).when({ type: 'ReceiveMoney', data: { donationId: 'd-1', amountCents: 5_000 } }).thenThrows('FUND.NOT_OPEN');
    });

    it.each([0, -1, 1.5, 100_000_001])('refuses %p cents', (amountCents) => {
      const error = spec.given([opened]).when({ type: 'ReceiveMoney', data: { donationId: 'd-1', amountCents } }).thenThrows('FUND.INVALID_AMOUNT', {
        min: 1,
        max: 100_000_000,
      });
      expect(error.kind).toBe('validation');
    });
  });

  describe('ReserveMoney', () => {
    it('reserves available money for a request', () => {
      spec.given([opened, received(10_000)]).when({ type: 'ReserveMoney', data: { requestId: 'r-1', amountCents: 10_000 } }).then(reserved('r-1', 10_000));
    });

    it('refuses more than is available, saying what is', () => {
      spec
        .given([opened, received(10_000), reserved('r-1', 7_000)])
        .when({ type: 'ReserveMoney', data: { requestId: 'r-2', amountCents: 3_001 } })
        .thenThrows('FUND.INSUFFICIENT_FUNDS', { availableCents: 3_000, requestedCents: 3_001 });
    });

    it('refuses a fund that is not open', () => {
      spec.given([]).when({ type: 'ReserveMoney', data: { requestId: 'r-1', amountCents: 1 } }).thenThrows('FUND.NOT_OPEN');
    });

    it('refuses a second reservation for a request that still holds one', () => {
      spec
        .given([opened, received(10_000), reserved('r-1', 2_000)])
        .when({ type: 'ReserveMoney', data: { requestId: 'r-1', amountCents: 1_000 } })
        .thenThrows('FUND.ALREADY_RESERVED', { reservedCents: 2_000 });
    });

    it('refuses a zero amount', () => {
      spec.given([opened, received(10_000)]).when({ type: 'ReserveMoney', data: { requestId: 'r-1', amountCents: 0 } }).thenThrows('FUND.INVALID_AMOUNT');
    });
  });

  describe('ReleaseReservation', () => {
    it('releases part of a reservation', () => {
      spec
        .given([opened, received(10_000), reserved('r-1', 4_000)])
        .when({ type: 'ReleaseReservation', data: { requestId: 'r-1', amountCents: 1_500, reason: 'underspent' } })
        .then({ type: 'ReservationReleased', data: { requestId: 'r-1', amountCents: 1_500, reason: 'underspent' } });
    });

    it('refuses to release more than is reserved', () => {
      spec
        .given([opened, received(10_000), reserved('r-1', 4_000)])
        .when({ type: 'ReleaseReservation', data: { requestId: 'r-1', amountCents: 4_001, reason: 'withdrawn' } })
        .thenThrows('FUND.EXCEEDS_RESERVATION', { reservedCents: 4_000 });
    });

    it('refuses to release for a request that holds nothing', () => {
      spec
        .given([opened, received(10_000)])
        .when({ type: 'ReleaseReservation', data: { requestId: 'r-9', amountCents: 1, reason: 'expired' } })
        .thenThrows('FUND.EXCEEDS_RESERVATION', { reservedCents: 0 });
    });
  });

  describe('DisburseMoney', () => {
    it('draws down the reservation', () => {
      spec
        .given([opened, received(10_000), reserved('r-1', 4_000)])
        .when({ type: 'DisburseMoney', data: { requestId: 'r-1', disbursementId: 'x-1', amountCents: 4_000 } })
        .then(disbursed('r-1', 'x-1', 4_000));
    });

    it('refuses more than the request has reserved', () => {
      spec
        .given([opened, received(10_000), reserved('r-1', 4_000), disbursed('r-1', 'x-1', 3_000)])
        .when({ type: 'DisburseMoney', data: { requestId: 'r-1', disbursementId: 'x-2', amountCents: 1_001 } })
        .thenThrows('FUND.EXCEEDS_RESERVATION', { reservedCents: 1_000, requestedCents: 1_001 });
    });

    it('refuses to record the same disbursement twice', () => {
      spec
        .given([opened, received(10_000), reserved('r-1', 4_000), disbursed('r-1', 'x-1', 1_000)])
        .when({ type: 'DisburseMoney', data: { requestId: 'r-1', disbursementId: 'x-1', amountCents: 1_000 } })
        .thenThrows('FUND.DISBURSEMENT_ALREADY_RECORDED');
    });
  });

  describe('VoidDisbursement', () => {
    it('returns the voided amount to the request', () => {
      spec
        .given([opened, received(10_000), reserved('r-1', 4_000), disbursed('r-1', 'x-1', 4_000)])
        .when({ type: 'VoidDisbursement', data: { requestId: 'r-1', disbursementId: 'x-1' } })
        .then({ type: 'DisbursementVoided', data: { requestId: 'r-1', disbursementId: 'x-1', amountCents: 4_000 } });
    });

    it('refuses an unknown disbursement', () => {
      spec
        .given([opened, received(10_000), reserved('r-1', 4_000)])
        .when({ type: 'VoidDisbursement', data: { requestId: 'r-1', disbursementId: 'x-9' } })
        .thenThrows('FUND.UNKNOWN_DISBURSEMENT');
    });

    it('refuses a disbursement that belongs to another request', () => {
      spec
        .given([opened, received(10_000), reserved('r-1', 4_000), disbursed('r-1', 'x-1', 4_000)])
        .when({ type: 'VoidDisbursement', data: { requestId: 'r-2', disbursementId: 'x-1' } })
        .thenThrows('FUND.UNKNOWN_DISBURSEMENT');
    });

    it('refuses to void twice', () => {
      spec
        .given([
          opened,
          received(10_000),
          reserved('r-1', 4_000),
          disbursed('r-1', 'x-1', 4_000),
          { type: 'DisbursementVoided', data: { requestId: 'r-1', disbursementId: 'x-1', amountCents: 4_000 } },
        ])
        .when({ type: 'VoidDisbursement', data: { requestId: 'r-1', disbursementId: 'x-1' } })
        .thenThrows('FUND.DISBURSEMENT_ALREADY_VOIDED');
    });
  });

  describe('fundFigures', () => {
    it('derives balance, reserved and available from the history', () => {
      const { state } = spec.given([
        opened,
        received(10_000),
        received(2_500, 'd-2'),
        reserved('r-1', 4_000),
        reserved('r-2', 1_000),
        disbursed('r-1', 'x-1', 3_000),
        { type: 'ReservationReleased', data: { requestId: 'r-2', amountCents: 1_000, reason: 'withdrawn' } },
        disbursed('r-1', 'x-2', 500),
        { type: 'DisbursementVoided', data: { requestId: 'r-1', disbursementId: 'x-2', amountCents: 500 } },
      ]);
      expect(fundFigures(state)).toEqual({ receivedCents: 12_500, disbursedCents: 3_000, reservedCents: 1_000, balanceCents: 9_500, availableCents: 8_500 });
    });

    it('is all zeros for a fund that does not exist', () => {
      expect(fundFigures(fundDecider.initialState())).toEqual({ receivedCents: 0, disbursedCents: 0, reservedCents: 0, balanceCents: 0, availableCents: 0 });
    });
  });
});
