import { followUp } from '@fund/event-sourcing';
import { deciderSpec, planSpec } from '@fund/event-sourcing/testing';
import { fundDecider, fundStreamId, type FundEvent } from '@fund/funds';
import { survivorReferenceDecider, survivorStreamId } from '@fund/organizations';
import { DEMO_PROTOCOL_RULES, type ProtocolInForce } from '@fund/protocols';
import { fundRequestDecider, reservedCents, type FundRequestState } from '../fund-request.decider';
import { fundRequestStreamId, type FundRequestEvent } from '../fund-request.events';
import { fundRequestPlan } from '../fund-request.plan';
import { NOT_COLLECTED } from '../vocabulary';
import { grantCloseOutPlan } from './grant-close-out.plan';

const protocol: ProtocolInForce = { version: '2026-1', rules: DEMO_PROTOCOL_RULES };
const underProtocol = { protocolVersion: '2026-1' };
const REF = 'SR-AAAA-BBBB-CCCC';
const closedAt = new Date('2027-09-30T16:00:00Z');
const spec = planSpec(fundRequestDecider, (decision) => fundRequestPlan({ ...decision, protocol }));
const rules = deciderSpec(fundRequestDecider);

const submitted: FundRequestEvent = {
  type: 'FundRequestSubmitted',
  data: {
    requestId: 'r1',
    organizationId: 'org-a',
    submitterId: 'adv-1',
    survivorReference: REF,
    category: 'lodging',
    amountCents: 40_000,
    paymentMethod: 'vendor_payment',
    urgency: 'standard',
    neededBy: '2027-09-20',
    demographics: NOT_COLLECTED,
    hasNarrative: false,
    expedited: false,
    submittedAt: '2027-09-10T09:00:00.000Z',
  },
};
const approved: FundRequestEvent = {
  type: 'FundRequestApproved',
  data: {
    amountCents: 40_000,
    fundId: 'voca',
    approverIds: ['c1'],
    expedited: false,
    decidedAt: '2027-09-12T10:00:00.000Z',
    fundChoice: 'restricted_ending_first',
    agency: { providerType: 'sexual_assault_center', county: 'cumberland' },
  },
};
const paid: FundRequestEvent = {
  type: 'DisbursementRecorded',
  data: {
    disbursementId: 'x-1',
    disbursedBy: 'coord-1',
    source: 'money',
    amountCents: 15_000,
    paymentMethod: 'vendor_payment',
    fundId: 'voca',
    itemId: null,
    quantity: null,
    serials: null,
    receiptDueOn: '2027-09-28',
    disbursedAt: '2027-09-14T10:00:00.000Z',
  },
};
const fold = (events: FundRequestEvent[]): FundRequestState => events.reduce(fundRequestDecider.evolve, fundRequestDecider.initialState());

describe('grant close-out: what it means for the requests the grant held money for', () => {
  it('given the fund closed out, then each moved or released reservation is recorded on its request; kept ones are left alone', () => {
    const events: FundEvent[] = [
      { type: 'ReservationReleased', data: { requestId: 'r1', amountCents: 25_000, reason: 'moved_at_close_out' } },
      { type: 'ReservationReleased', data: { requestId: 'r2', amountCents: 7_000, reason: 'grant_closed' } },
      {
        type: 'GrantClosedOut',
        data: {
          closedOn: '2027-09-30',
          outcomes: [
            { requestId: 'r1', amountCents: 25_000, action: 'move', toFundId: 'general', budgetLineId: 'housing' },
            { requestId: 'r2', amountCents: 7_000, action: 'release' },
            { requestId: 'r3', amountCents: 1_000, action: 'keep' },
          ],
        },
      },
    ];
    expect(grantCloseOutPlan('voca', events, closedAt)).toEqual([
      followUp(fundRequestStreamId('r1'), fundRequestDecider, { type: 'RecordGrantCloseOut', data: { action: 'move', fromFundId: 'voca', toFundId: 'general', amountCents: 25_000, now: closedAt } }),
      followUp(fundRequestStreamId('r2'), fundRequestDecider, { type: 'RecordGrantCloseOut', data: { action: 'release', fromFundId: 'voca', amountCents: 7_000, now: closedAt } }),
    ]);
    expect(grantCloseOutPlan('voca', [events[0]!], closedAt)).toEqual([]);
  });

  it('given a moved reservation, then the fund it moves to reserves the same money for the same charge, dated the move', () => {
    spec
      .given([submitted, approved, paid])
      .when({ type: 'RecordGrantCloseOut', data: { action: 'move', fromFundId: 'voca', toFundId: 'general', amountCents: 25_000, now: closedAt } })
      .then([
        followUp(
          fundStreamId('general'),
          fundDecider,
          {
            type: 'ReserveMoney',
            data: { requestId: 'r1', amountCents: 25_000, charge: { category: 'lodging', paymentMethod: 'vendor_payment', on: '2027-09-30', providerType: 'sexual_assault_center', county: 'cumberland' } },
          },
          underProtocol,
        ),
      ]);
    const after = fold([submitted, approved, paid, { type: 'ReservationMovedToFund', data: { fromFundId: 'voca', toFundId: 'general', amountCents: 25_000, movedAt: closedAt.toISOString() } }]);
    expect(after.status === 'disbursed' && after.approval.fundId).toBe('general');
    expect(reservedCents(after)).toBe(25_000);
  });

  it('given a released reservation, then the 12-month cap stops counting it (the fund released it in its own decision)', () => {
    spec
      .given([submitted, approved, paid])
      .when({ type: 'RecordGrantCloseOut', data: { action: 'release', fromFundId: 'voca', amountCents: 25_000, now: closedAt } })
      .then([followUp(survivorStreamId(REF), survivorReferenceDecider, { type: 'ReleaseSupport', data: { requestId: 'r1', amountCents: 25_000 } })]);
  });

  it('a released request keeps what was paid; one with nothing paid ends', () => {
    const release: FundRequestEvent = { type: 'GrantCommitmentReleased', data: { fundId: 'voca', releasedCents: 25_000, releasedAt: closedAt.toISOString() } };
    const partly = fold([submitted, approved, paid, release]);
    expect([partly.status, reservedCents(partly)]).toEqual(['disbursed', 0]);
    const unpaid = fold([submitted, approved, { ...release, data: { ...release.data, releasedCents: 40_000 } }]);
    expect([unpaid.status, reservedCents(unpaid)]).toEqual(['closed', 0]);
  });

  it('refuses a close-out that disagrees with the request: another fund, another amount, no reservation', () => {
    rules.given([submitted, approved]).when({ type: 'RecordGrantCloseOut', data: { action: 'release', fromFundId: 'other', amountCents: 40_000, now: closedAt } }).thenThrows('FUND_REQUEST.NOT_ON_FUND');
    rules.given([submitted, approved]).when({ type: 'RecordGrantCloseOut', data: { action: 'release', fromFundId: 'voca', amountCents: 1, now: closedAt } }).thenThrows('FUND_REQUEST.RESERVATION_MISMATCH', { reservedCents: 40_000 });
    rules.given([submitted]).when({ type: 'RecordGrantCloseOut', data: { action: 'release', fromFundId: 'voca', amountCents: 1, now: closedAt } }).thenThrows('FUND_REQUEST.WRONG_STATUS');
  });

  it('a payment made from the closed grant is voided back into that grant, not the fund the rest moved to', () => {
    spec
      .given([submitted, approved, paid, { type: 'ReservationMovedToFund', data: { fromFundId: 'voca', toFundId: 'general', amountCents: 25_000, movedAt: closedAt.toISOString() } }])
      .when({ type: 'VoidRequestDisbursement', data: { disbursementId: 'x-1' } })
      .then([
        followUp(fundStreamId('voca'), fundDecider, { type: 'VoidDisbursement', data: { requestId: 'r1', disbursementId: 'x-1' } }, underProtocol),
        expect.objectContaining({ command: { type: 'SettleReceipt', data: { requestId: 'r1', disbursementId: 'x-1' } } }),
      ]);
  });
});
