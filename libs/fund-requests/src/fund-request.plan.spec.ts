import { followUp } from '@fund/event-sourcing';
import { planSpec } from '@fund/event-sourcing/testing';
import { accountingMonthDecider, accountingMonthStreamId, fundDecider, fundStreamId } from '@fund/funds';
import { stockDecider, stockStreamId, type StockState } from '@fund/inventory';
import { organizationDecider, organizationStreamId, survivorReferenceDecider, survivorStreamId } from '@fund/organizations';
import { DEMO_PROTOCOL_RULES, type ProtocolInForce } from '@fund/protocols';
import type { FundRequestCommand } from './fund-request.commands';
import { fundRequestDecider } from './fund-request.decider';
import type { FundRequestEvent } from './fund-request.events';
import { fundRequestPlan } from './fund-request.plan';
import { NOT_COLLECTED } from './vocabulary';

const rules = DEMO_PROTOCOL_RULES;
const protocol: ProtocolInForce = { version: '2026-1', rules };
const underProtocol = { protocolVersion: '2026-1' };
const now = new Date('2026-11-02T15:00:00Z');
const REF = 'SR-AAAA-BBBB-CCCC';
const spec = planSpec(fundRequestDecider, (decision) => fundRequestPlan({ ...decision, protocol }));

const submitted: FundRequestEvent = {
  type: 'FundRequestSubmitted',
  data: {
    requestId: 'r1',
    organizationId: 'org-a',
    submitterId: 'adv-1',
    survivorReference: REF,
    category: 'groceries',
    amountCents: 40_000,
    paymentMethod: 'vendor_payment',
    urgency: 'standard',
    neededBy: '2026-11-05',
    demographics: NOT_COLLECTED,
    hasNarrative: false,
    expedited: false,
    submittedAt: '2026-11-01T09:00:00.000Z',
  },
};
const voteCast = (memberId: string): FundRequestEvent => ({
  type: 'RequestVoteCast',
  data: { memberId, organizationId: `org-of-${memberId}`, vote: 'approve', amountCents: 40_000, reasonCode: null },
});
const approved = (amountCents = 40_000, fundId = 'general'): FundRequestEvent => ({
  type: 'FundRequestApproved',
  data: { amountCents, fundId, approverIds: ['c1', 'c2'], expedited: false, decidedAt: now.toISOString() },
});
const paidMoney = (disbursementId: string, amountCents: number): FundRequestEvent => ({
  type: 'DisbursementRecorded',
  data: {
    disbursementId,
    disbursedBy: 'coord-1',
    source: 'money',
    amountCents,
    paymentMethod: 'vendor_payment',
    fundId: 'restricted-grant',
    itemId: null,
    quantity: null,
    serials: null,
    receiptDueOn: '2026-11-16',
    disbursedAt: now.toISOString(),
  },
});
const approvedHistory = [submitted, voteCast('c1'), voteCast('c2'), approved(40_000, 'restricted-grant')];

const vote = (memberId: string, over: Partial<Extract<FundRequestCommand, { type: 'CastRequestVote' }>['data']> = {}): FundRequestCommand => ({
  type: 'CastRequestVote',
  data: { memberId, organizationId: `org-of-${memberId}`, vote: 'approve', amountCents: 40_000, reasonCode: null, fundId: null, now, rules, ...over },
});
const busPasses: StockState = {
  status: 'tracked',
  itemId: 'bus-pass-monthly',
  kind: 'bus_pass',
  category: 'transportation',
  unitValueCents: 6_500,
  onHand: 10,
  availableSerials: ['BP-1', 'BP-2', 'BP-3'],
  receivedSerials: ['BP-1', 'BP-2', 'BP-3'],
  issuedDisbursements: [],
  purchased: false,
  saleIds: [],
};

const fund = (fundId: string) => fundStreamId(fundId);
const survivor = survivorStreamId(REF);
const organization = organizationStreamId('org-a');

describe('fund request plan: what a decision means for funds, caps, stock and receipts', () => {
  describe('approving', () => {
    it('reserves the approved amount in the chosen fund and counts it against the 12-month cap, on the decision day', () => {
      spec
        .given([submitted, voteCast('c1')])
        .when(vote('c2', { amountCents: 35_000, fundId: 'restricted-grant' }))
        .then([
          followUp(fund('restricted-grant'), fundDecider, { type: 'ReserveMoney', data: { requestId: 'r1', amountCents: 35_000, charge: { category: 'groceries', paymentMethod: 'vendor_payment', on: '2026-11-02' } } }, underProtocol),
          followUp(survivor, survivorReferenceDecider, {
            type: 'CommitSupport',
            data: { requestId: 'r1', amountCents: 35_000, now, capPer12MonthsCents: 150_000 },
          }),
        ]);
    });

    it('moves nothing on a vote that does not decide, a recusal, or a denial', () => {
      spec.given([submitted]).when(vote('c1')).thenNothingElse();
      spec.given([submitted]).when(vote('c1', { vote: 'recuse', amountCents: null })).thenNothingElse();
      const denial: FundRequestEvent = { type: 'RequestVoteCast', data: { memberId: 'c1', organizationId: 'org-of-c1', vote: 'deny', amountCents: null, reasonCode: 'over_cap' } };
      spec
        .given([submitted, denial])
        .when(vote('c2', { vote: 'deny', amountCents: null, reasonCode: 'over_cap' }))
        .thenNothingElse();
    });
  });

  describe('releasing', () => {
    it('gives an approved, unpaid reservation back to its fund on withdrawal, and stops counting it against the cap', () => {
      spec
        .given(approvedHistory)
        .when({ type: 'WithdrawFundRequest', data: { organizationId: 'org-a' } })
        .then([
          followUp(fund('restricted-grant'), fundDecider, { type: 'ReleaseReservation', data: { requestId: 'r1', amountCents: 40_000, reason: 'withdrawn' } }, underProtocol),
          followUp(survivor, survivorReferenceDecider, { type: 'ReleaseSupport', data: { requestId: 'r1', amountCents: 40_000 } }),
        ]);
    });

    it('releases nothing when a request withdrawn before approval held no money', () => {
      spec.given([submitted]).when({ type: 'WithdrawFundRequest', data: { organizationId: 'org-a' } }).thenNothingElse();
    });

    it('releases what was not spent when a request closes, as underspent', () => {
      const receipted: FundRequestEvent = { type: 'ReceiptRecorded', data: { disbursementId: 'd1', receiptId: 'x', amountCents: 30_000 } };
      spec
        .given([...approvedHistory, paidMoney('d1', 30_000), receipted])
        .when({ type: 'CloseFundRequest', data: { now } })
        .then([
          followUp(fund('restricted-grant'), fundDecider, { type: 'ReleaseReservation', data: { requestId: 'r1', amountCents: 10_000, reason: 'underspent' } }, underProtocol),
          followUp(survivor, survivorReferenceDecider, { type: 'ReleaseSupport', data: { requestId: 'r1', amountCents: 10_000 } }),
        ]);
    });

    it('releases nothing when a request closes fully spent', () => {
      const receipted: FundRequestEvent = { type: 'ReceiptRecorded', data: { disbursementId: 'd1', receiptId: 'x', amountCents: 40_000 } };
      spec.given([...approvedHistory, paidMoney('d1', 40_000), receipted]).when({ type: 'CloseFundRequest', data: { now } }).thenNothingElse();
    });
  });

  describe('paying out', () => {
    it('draws money down from the reserving fund and makes its receipt due with the organization', () => {
      spec
        .given(approvedHistory)
        .when({
          type: 'RecordDisbursement',
          data: { disbursementId: 'd1', disbursedBy: 'coord-1', payment: { source: 'money', amountCents: 25_000, paymentMethod: 'vendor_payment', giftCardFaceValueCents: null }, now, rules },
        })
        .then([
          followUp(fund('restricted-grant'), fundDecider, { type: 'DisburseMoney', data: { requestId: 'r1', disbursementId: 'd1', amountCents: 25_000, charge: { paymentMethod: 'vendor_payment', on: '2026-11-02' } } }, underProtocol),
          followUp(organization, organizationDecider, { type: 'RecordReceiptDue', data: { requestId: 'r1', disbursementId: 'd1', dueOn: '2026-11-16' } }),
        ]);
    });

    it('a payment dated in an earlier month than it is recorded is admitted by that month (refused there once it is closed)', () => {
      const approvedInOctober: FundRequestEvent = {
        type: 'FundRequestApproved',
        data: { amountCents: 40_000, fundId: 'restricted-grant', approverIds: ['c1', 'c2'], expedited: false, decidedAt: '2026-10-20T10:00:00.000Z' },
      };
      spec
        .given([submitted, voteCast('c1'), voteCast('c2'), approvedInOctober])
        .when({
          type: 'RecordDisbursement',
          data: {
            disbursementId: 'd1',
            disbursedBy: 'coord-1',
            payment: { source: 'money', amountCents: 25_000, paymentMethod: 'vendor_payment', giftCardFaceValueCents: null, paidOn: '2026-10-30' },
            now,
            rules,
          },
        })
        .then([
          followUp(
            fund('restricted-grant'),
            fundDecider,
            { type: 'DisburseMoney', data: { requestId: 'r1', disbursementId: 'd1', amountCents: 25_000, paidOn: '2026-10-30', charge: { paymentMethod: 'vendor_payment', on: '2026-10-30' } } },
            underProtocol,
          ),
          followUp(organization, organizationDecider, { type: 'RecordReceiptDue', data: { requestId: 'r1', disbursementId: 'd1', dueOn: '2026-11-16' } }),
          followUp(accountingMonthStreamId('2026-10'), accountingMonthDecider, { type: 'AdmitDatedEntry', data: { effectiveDate: '2026-10-30' } }),
        ]);
    });

    it('issues stock at its price and gives the money reserved for that part back to the fund, with no receipt due', () => {
      spec
        .given(approvedHistory)
        .when({
          type: 'RecordDisbursement',
          data: {
            disbursementId: 'd2',
            disbursedBy: 'coord-1',
            payment: { source: 'stock', itemId: 'bus-pass-monthly', quantity: 2, serials: ['BP-1', 'BP-2'], stock: busPasses },
            now,
            rules,
          },
        })
        .then([
          followUp(
            stockStreamId('bus-pass-monthly'),
            stockDecider,
            { type: 'IssueStock', data: { quantity: 2, serials: ['BP-1', 'BP-2'], requestId: 'r1', disbursementId: 'd2' } },
            underProtocol,
          ),
          followUp(fund('restricted-grant'), fundDecider, { type: 'ReleaseReservation', data: { requestId: 'r1', amountCents: 13_000, reason: 'covered_by_stock' } }, underProtocol),
        ]);
    });

    it('puts a voided payment back into the fund and settles its receipt', () => {
      spec
        .given([...approvedHistory, paidMoney('d1', 25_000)])
        .when({ type: 'VoidRequestDisbursement', data: { disbursementId: 'd1' } })
        .then([
          followUp(fund('restricted-grant'), fundDecider, { type: 'VoidDisbursement', data: { requestId: 'r1', disbursementId: 'd1' } }, underProtocol),
          followUp(organization, organizationDecider, { type: 'SettleReceipt', data: { requestId: 'r1', disbursementId: 'd1' } }),
        ]);
    });
  });

  describe('receipts', () => {
    it.each<[string, FundRequestCommand]>([
      ['recorded', { type: 'RecordReceipt', data: { disbursementId: 'd1', receiptId: 'rc-1', amountCents: 25_000, organizationId: 'org-a' } }],
      ['attested lost', { type: 'AttestLostReceipt', data: { disbursementId: 'd1', reasonCode: 'lost', attestedBy: 'adv-1', organizationId: 'org-a' } }],
    ])('settles the receipt with the organization when it is %s', (_how, command) => {
      spec
        .given([...approvedHistory, paidMoney('d1', 25_000)])
        .when(command)
        .then([followUp(organization, organizationDecider, { type: 'SettleReceipt', data: { requestId: 'r1', disbursementId: 'd1' } })]);
    });
  });

  describe('decisions that touch no other aggregate', () => {
    it.each<[string, readonly FundRequestEvent[], FundRequestCommand]>([
      ['a question', [submitted], { type: 'RequestMoreInformation', data: { askedBy: 'c1', questionCode: 'timing' } }],
      ['an expiry', [submitted], { type: 'ExpireFundRequest', data: { now: new Date('2026-12-10T00:00:00Z'), rules } }],
      ['a shredded narrative', approvedHistory, { type: 'RecordNarrativeShredded', data: { reason: 'on_demand' } }],
    ])('%s moves nothing', (_what, history, command) => {
      spec.given(history).when(command).thenNothingElse();
    });

    it('plans nothing for a decision the request refused', () => {
      spec.given([]).when({ type: 'WithdrawFundRequest', data: { organizationId: 'org-a' } }).thenThrows('FUND_REQUEST.NOT_FOUND');
    });
  });
});

