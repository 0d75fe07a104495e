import { deciderSpec } from '@fund/event-sourcing/testing';
import type { StockState } from '@fund/inventory';
import type { OrganizationState, SurvivorReferenceState } from '@fund/organizations';
import type { FundRequestCommand, MoneyPayment, RecordDisbursement, RequestRules, StockPayment, SubmitFundRequest } from './fund-request.commands';
import { fundRequestDecider } from './fund-request.decider';
import type { FundRequestEvent, FundRequestSubmitted } from './fund-request.events';
import { NOT_COLLECTED } from './vocabulary';

const rules: RequestRules = {
  eligibleCategories: ['groceries', 'transportation', 'lodging'],
  capPerRequestCents: 50_000,
  capPerSurvivorPer12MonthsCents: 150_000,
  approvalTiers: [
    { upToCents: 25_000, approvalsRequired: 1 },
    { upToCents: null, approvalsRequired: 2 },
  ],
  expedited: { enabled: true, capCents: 15_000 },
  receiptDeadlineDays: 14,
  overdueReceiptConsequence: 'block_new_requests',
  giftCardFaceValueLimitCents: 10_000,
  defaultFundId: 'general',
  requestExpiryDays: 30,
};
const now = new Date('2026-11-02T15:00:00Z');
const spec = deciderSpec(fundRequestDecider);

const organization: OrganizationState = { status: 'registered', organizationId: 'org-a', providerType: 'immigrant_services', county: 'york', receiptsDue: {} };
const survivor: SurvivorReferenceState = { status: 'issued', reference: 'SR-AAAA-BBBB-CCCC', organizationId: 'org-a', commitments: {} };

const submit = (over: Partial<SubmitFundRequest['data']> = {}): FundRequestCommand => ({
  type: 'SubmitFundRequest',
  data: {
    requestId: 'r1',
    organizationId: 'org-a',
    submitterId: 'adv-1',
    survivorReference: 'SR-AAAA-BBBB-CCCC',
    category: 'groceries',
    amountCents: 12_000,
    paymentMethod: 'gift_card',
    urgency: 'standard',
    neededBy: '2026-11-05',
    demographics: NOT_COLLECTED,
    hasNarrative: false,
    now,
    rules,
    organization,
    survivor,
    ...over,
  },
});

const submitted = (over: Partial<FundRequestSubmitted['data']> = {}): FundRequestEvent => ({
  type: 'FundRequestSubmitted',
  data: {
    requestId: 'r1',
    organizationId: 'org-a',
    submitterId: 'adv-1',
    survivorReference: 'SR-AAAA-BBBB-CCCC',
    category: 'groceries',
    amountCents: 40_000,
    paymentMethod: 'vendor_payment',
    urgency: 'standard',
    neededBy: '2026-11-05',
    demographics: NOT_COLLECTED,
    hasNarrative: false,
    expedited: false,
    submittedAt: now.toISOString(),
    ...over,
  },
});

const vote = (memberId: string, v: 'approve' | 'deny' | 'recuse', extra: { amountCents?: number; organizationId?: string } = {}): FundRequestCommand => ({
  type: 'CastRequestVote',
  data: {
    memberId,
    organizationId: extra.organizationId ?? `org-of-${memberId}`,
    vote: v,
    amountCents: v === 'approve' ? (extra.amountCents ?? 40_000) : null,
    reasonCode: v === 'deny' ? 'insufficient_information' : null,
    fundId: null,
    now,
    rules,
  },
});

const voteCast = (memberId: string, v: 'approve' | 'deny' | 'recuse', amountCents: number | null = v === 'approve' ? 40_000 : null): FundRequestEvent => ({
  type: 'RequestVoteCast',
  data: { memberId, organizationId: `org-of-${memberId}`, vote: v, amountCents, reasonCode: v === 'deny' ? 'insufficient_information' : null },
});

const approved = (amountCents = 40_000, approverIds = ['c1', 'c2'], expedited = false): FundRequestEvent => ({
  type: 'FundRequestApproved',
  data: { amountCents, fundId: 'general', approverIds, expedited, decidedAt: now.toISOString() },
});

const money = (over: Partial<MoneyPayment> = {}): MoneyPayment => ({ source: 'money', amountCents: 20_000, paymentMethod: 'vendor_payment', giftCardFaceValueCents: null, ...over });

const disburse = (over: Partial<RecordDisbursement['data']> = {}): FundRequestCommand => ({
  type: 'RecordDisbursement',
  data: { disbursementId: 'd1', disbursedBy: 'coord-1', payment: money(), now, rules, ...over },
});

const disbursed = (disbursementId = 'd1', amountCents = 20_000, source: 'money' | 'stock' = 'money'): FundRequestEvent => ({
  type: 'DisbursementRecorded',
  data: {
    disbursementId,
    disbursedBy: 'coord-1',
    source,
    amountCents,
    paymentMethod: 'vendor_payment',
    fundId: source === 'money' ? 'general' : null,
    itemId: source === 'stock' ? 'bus-pass-monthly' : null,
    quantity: source === 'stock' ? 1 : null,
    serials: null,
    receiptDueOn: source === 'money' ? '2026-11-16' : null,
    disbursedAt: now.toISOString(),
  },
});

describe('fund request decider', () => {
  describe('submitting', () => {
    it('records the request, with the expedited flag only for small emergencies', () => {
      const [event] = spec.given([]).when(submit({ urgency: 'emergency', amountCents: 15_000 })).thenEvents();
      expect(event).toMatchObject({ type: 'FundRequestSubmitted', data: { expedited: true, amountCents: 15_000, submittedAt: now.toISOString() } });
      const [large] = spec.given([]).when(submit({ urgency: 'emergency', amountCents: 15_001 })).thenEvents();
      expect(large).toMatchObject({ data: { expedited: false } });
    });

    it('refuses an amount over the cap per request', () => {
      spec.given([]).when(submit({ amountCents: 50_001 })).thenThrows('FUND_REQUEST.OVER_REQUEST_CAP', { capCents: 50_000, field: 'amountCents' });
    });

    it("refuses an amount over the survivor reference's 12-month cap, saying what remains", () => {
      spec.given([]).when(submit({ survivor: { ...survivor, commitments: { earlier: { amountCents: 145_000, committedOn: '2026-10-01' } } }, amountCents: 6_000 })).thenThrows('FUND_REQUEST.OVER_SURVIVOR_12_MONTH_CAP', { remainingCents: 5_000 });
    });

    it('refuses a category the protocol does not fund', () => {
      spec.given([]).when(submit({ category: 'childcare' })).thenThrows('FUND_REQUEST.INELIGIBLE_CATEGORY', { field: 'category' });
    });

    it('refuses new requests while the organization has overdue receipts, when the protocol says so', () => {
      const due = (dueOn: string) => ({ requestId: 'r0', dueOn });
      const withOverdue: OrganizationState = { ...organization, receiptsDue: { 'd-a': due('2026-11-01'), 'd-b': due('2026-10-20'), 'd-c': due('2026-11-02') } };
      spec.given([]).when(submit({ organization: withOverdue })).thenThrows('FUND_REQUEST.RECEIPTS_OVERDUE', { overdueReceipts: 2 });
      const lenient = { ...rules, overdueReceiptConsequence: 'none' as const };
      expect(spec.given([]).when(submit({ organization: withOverdue, rules: lenient })).thenEvents()).toHaveLength(1);
    });

    it('refuses an agency the fund has not registered, and a reference issued to another agency, before anything else', () => {
      spec.given([submitted()]).when(submit({ organization: { status: 'none' } })).thenThrows('ORGANIZATION.NOT_REGISTERED');
      spec.given([submitted()]).when(submit({ survivor: { ...survivor, organizationId: 'org-b' } })).thenThrows('SURVIVOR.REFERENCE_NOT_ISSUED_TO_ORGANIZATION', { field: 'survivorReference' });
      spec.given([]).when(submit({ survivor: { status: 'none' } })).thenThrows('SURVIVOR.REFERENCE_NOT_ISSUED_TO_ORGANIZATION');
    });

    it('counts only the last 365 days against the 12-month cap', () => {
      const yearAgo = { ...survivor, commitments: { old: { amountCents: 150_000, committedOn: '2025-11-02' } } };
      expect(spec.given([]).when(submit({ survivor: yearAgo, amountCents: 50_000 })).thenEvents()).toHaveLength(1);
      const dayLater = { ...survivor, commitments: { old: { amountCents: 150_000, committedOn: '2025-11-03' } } };
      spec.given([]).when(submit({ survivor: dayLater, amountCents: 1 })).thenThrows('FUND_REQUEST.OVER_SURVIVOR_12_MONTH_CAP', { field: 'amountCents', remainingCents: 0 });
    });

    it('refuses a needed-by date in the past and a second submission', () => {
      spec.given([]).when(submit({ neededBy: '2026-11-01' })).thenThrows('FUND_REQUEST.NEEDED_BY_IN_PAST');
      spec.given([submitted()]).when(submit()).thenThrows('FUND_REQUEST.ALREADY_EXISTS');
    });
  });

  describe('voting', () => {
    it('approves at the tier: two approvals above $250, the smaller amount binding', () => {
      const first = spec.given([submitted()]).when(vote('c1', 'approve')).thenEvents();
      expect(first.map((e) => e.type)).toEqual(['RequestVoteCast']);
      const second = spec.given([submitted(), voteCast('c1', 'approve')]).when(vote('c2', 'approve', { amountCents: 35_000 })).thenEvents();
      expect(second.map((e) => e.type)).toEqual(['RequestVoteCast', 'FundRequestApproved']);
      expect(second[1]).toMatchObject({ data: { amountCents: 35_000, fundId: 'general', approverIds: ['c1', 'c2'], expedited: false } });
    });

    it('needs one approval up to $250', () => {
      const events = spec.given([submitted({ amountCents: 25_000 })]).when(vote('c1', 'approve', { amountCents: 25_000 })).thenEvents();
      expect(events.map((e) => e.type)).toEqual(['RequestVoteCast', 'FundRequestApproved']);
    });

    it('lets one on-call approval decide an expedited request', () => {
      const events = spec.given([submitted({ amountCents: 40_000, expedited: true })]).when(vote('c1', 'approve')).thenEvents();
      expect(events[1]).toMatchObject({ type: 'FundRequestApproved', data: { expedited: true } });
    });

    it('does not count a recusal toward the approvals needed', () => {
      const events = spec.given([submitted(), voteCast('c1', 'recuse')]).when(vote('c2', 'approve')).thenEvents();
      expect(events.map((e) => e.type)).toEqual(['RequestVoteCast']);
    });

    it('denies when denials reach the tier, with the reason code', () => {
      const events = spec.given([submitted(), voteCast('c1', 'deny')]).when(vote('c2', 'deny')).thenEvents();
      expect(events[1]).toMatchObject({ type: 'FundRequestDenied', data: { reasonCode: 'insufficient_information' } });
    });

    it('never lets the submitter vote', () => {
      spec.given([submitted()]).when(vote('adv-1', 'approve')).thenThrows('FUND_REQUEST.SUBMITTER_CANNOT_VOTE');
    });

    it("never lets a council member vote on their own organization's request", () => {
      spec.given([submitted()]).when(vote('c1', 'approve', { organizationId: 'org-a' })).thenThrows('FUND_REQUEST.OWN_ORGANIZATION');
    });

    it('lets a member vote once', () => {
      spec.given([submitted(), voteCast('c1', 'recuse')]).when(vote('c1', 'approve')).thenThrows('FUND_REQUEST.ALREADY_VOTED');
    });

    it('refuses an approval above the amount requested', () => {
      spec.given([submitted()]).when(vote('c1', 'approve', { amountCents: 40_001 })).thenThrows('FUND_REQUEST.APPROVAL_ABOVE_REQUEST');
    });

    it.each([
      ['denied', [submitted(), voteCast('c1', 'deny'), { type: 'FundRequestDenied', data: { reasonCode: 'over_cap', decidedAt: now.toISOString() } } as FundRequestEvent]],
      ['withdrawn', [submitted(), { type: 'FundRequestWithdrawn', data: { releasedCents: 0 } } as FundRequestEvent]],
      ['closed', [submitted(), approved(), { type: 'FundRequestClosed', data: { releasedCents: 40_000, closedAt: now.toISOString() } } as FundRequestEvent]],
    ])('refuses votes on a %s request, naming its status', (status, history) => {
      spec.given(history).when(vote('c9', 'approve')).thenThrows('FUND_REQUEST.WRONG_STATUS', { status });
    });
  });

  describe('paying out', () => {
    const approvedHistory = [submitted(), voteCast('c1', 'approve'), voteCast('c2', 'approve'), approved()];

    it('records a money disbursement with a receipt due date from the protocol', () => {
      const [event] = spec.given(approvedHistory).when(disburse()).thenEvents();
      expect(event).toMatchObject({ type: 'DisbursementRecorded', data: { amountCents: 20_000, receiptDueOn: '2026-11-16', source: 'money' } });
    });

    it('records the day the money moved when the coordinator states it, and leaves it out when not', () => {
      const [dated] = spec.given(approvedHistory).when(disburse({ payment: money({ paidOn: '2026-11-02' }) })).thenEvents();
      expect(dated).toMatchObject({ type: 'DisbursementRecorded', data: { paidOn: '2026-11-02' } });
      const [undated] = spec.given(approvedHistory).when(disburse()).thenEvents();
      expect(undated!.data).not.toHaveProperty('paidOn');
    });

    it('refuses a payment dated after the day it is recorded', () => {
      spec
        .given(approvedHistory)
        .when(disburse({ payment: money({ paidOn: '2026-11-03' }) }))
        .thenThrows('FUND_REQUEST.PAID_ON_IN_FUTURE', { field: 'paidOn', today: '2026-11-02' });
    });

    it('refuses a payment dated before the approval (cut-off)', () => {
      spec
        .given(approvedHistory)
        .when(disburse({ payment: money({ paidOn: '2026-11-01' }) }))
        .thenThrows('FUND_REQUEST.PAID_BEFORE_APPROVAL', { field: 'paidOn', approvedOn: '2026-11-02' });
    });

    describe('naming the payee and the payment reference', () => {
      const motel = { payeeId: 'maine-motel-llc', state: { status: 'registered', payeeId: 'maine-motel-llc', name: 'Maine Motel LLC', kind: 'business', taxId: null } } as const;
      const check = { kind: 'check_number', value: '10452' } as const;

      it('records who was paid and how the payment is found', () => {
        const [event] = spec.given(approvedHistory).when(disburse({ payment: money({ payee: motel, paymentReference: check }) })).thenEvents();
        expect(event).toMatchObject({ type: 'DisbursementRecorded', data: { payeeId: 'maine-motel-llc', paymentReference: { kind: 'check_number', value: '10452' } } });
      });

      it('refuses a payee the register does not hold', () => {
        spec
          .given(approvedHistory)
          .when(disburse({ payment: money({ payee: { payeeId: 'nobody', state: { status: 'none' } }, paymentReference: check }) }))
          .thenThrows('FUND_REQUEST.PAYEE_NOT_REGISTERED', { field: 'payeeId' });
      });

      it('refuses a payee without a reference, and a reference without a payee', () => {
        spec.given(approvedHistory).when(disburse({ payment: money({ payee: motel }) })).thenThrows('FUND_REQUEST.PAYMENT_REFERENCE_REQUIRED', { field: 'paymentReference' });
        spec.given(approvedHistory).when(disburse({ payment: money({ paymentReference: check }) })).thenThrows('FUND_REQUEST.PAYEE_REQUIRED', { field: 'payeeId' });
      });

      it.each([
        ['check_number', '10452A'],
        ['ach_trace', '12345'],
        ['card_last_four', '12345'],
      ] as const)('refuses a %s that is not one (%p)', (kind, value) => {
        spec
          .given(approvedHistory)
          .when(disburse({ payment: money({ payee: motel, paymentReference: { kind, value } }) }))
          .thenThrows('FUND_REQUEST.PAYMENT_REFERENCE_INVALID', { field: 'paymentReference.value', kind });
      });

      it('refuses a reference that cannot find a payment made this way (gift cards are found by card or invoice)', () => {
        spec
          .given(approvedHistory)
          .when(disburse({ payment: money({ paymentMethod: 'gift_card', giftCardFaceValueCents: 5_000, payee: motel, paymentReference: check }) }))
          .thenThrows('FUND_REQUEST.PAYMENT_REFERENCE_KIND_MISMATCH', { field: 'paymentReference.kind' });
      });
    });

    it('never pays out above the approved amount, over several disbursements', () => {
      spec
        .given([...approvedHistory, disbursed('d1', 30_000)])
        .when(disburse({ disbursementId: 'd2', payment: money({ amountCents: 10_001 }) }))
        .thenThrows('FUND_REQUEST.OVER_APPROVED_AMOUNT', { remainingCents: 10_000 });
    });

    it('never lets an approver pay out', () => {
      spec.given(approvedHistory).when(disburse({ disbursedBy: 'c2' })).thenThrows('FUND_REQUEST.APPROVER_CANNOT_DISBURSE');
    });

    it('refuses a gift card above the face value limit', () => {
      spec
        .given(approvedHistory)
        .when(disburse({ payment: money({ paymentMethod: 'gift_card', giftCardFaceValueCents: 10_001 }) }))
        .thenThrows('FUND_REQUEST.GIFT_CARD_OVER_FACE_VALUE', { limitCents: 10_000 });
      expect(spec.given(approvedHistory).when(disburse({ payment: money({ paymentMethod: 'gift_card', giftCardFaceValueCents: 10_000 }) })).thenEvents()).toHaveLength(1);
    });

    const tracked = (kind: 'gift_card' | 'bus_pass' | 'goods', unitValueCents: number): StockState => ({
      status: 'tracked',
      itemId: 'item-1',
      kind,
      category: 'transportation',
      unitValueCents,
      onHand: 10,
      availableSerials: [],
      receivedSerials: [],
      issuedDisbursements: [],
      purchased: false,
      saleIds: [],
    });
    const stock = (state: StockState, quantity = 3): StockPayment => ({ source: 'stock', itemId: 'item-1', quantity, serials: null, stock: state });

    it("prices stock at its unit value times the units handed over, paid as the item's kind, with no receipt due", () => {
      spec
        .given(approvedHistory)
        .when(disburse({ payment: stock(tracked('bus_pass', 6_500)) }))
        .then({
          type: 'DisbursementRecorded',
          data: {
            disbursementId: 'd1',
            disbursedBy: 'coord-1',
            source: 'stock',
            amountCents: 19_500,
            paymentMethod: 'bus_pass',
            fundId: null,
            itemId: 'item-1',
            quantity: 3,
            serials: null,
            receiptDueOn: null,
            disbursedAt: now.toISOString(),
          },
        });
      const [goods] = spec.given(approvedHistory).when(disburse({ payment: stock(tracked('goods', 1_000), 2) })).thenEvents();
      expect(goods).toMatchObject({ data: { amountCents: 2_000, paymentMethod: 'donated_goods' } });
    });

    it('holds stock gift cards to the face value limit at their unit value, and stock to the approved amount', () => {
      spec.given(approvedHistory).when(disburse({ payment: stock(tracked('gift_card', 10_001), 1) })).thenThrows('FUND_REQUEST.GIFT_CARD_OVER_FACE_VALUE', { faceValueCents: 10_001 });
      spec.given(approvedHistory).when(disburse({ payment: stock(tracked('goods', 10_000), 5) })).thenThrows('FUND_REQUEST.OVER_APPROVED_AMOUNT', { requestedCents: 50_000 });
    });

    it('refuses an item that is not in stock before anything else', () => {
      spec.given([]).when(disburse({ payment: stock({ status: 'none' }) })).thenThrows('INVENTORY.NOT_FOUND', { field: 'itemId' });
    });

    it('refuses paying a request that is not approved', () => {
      spec.given([submitted()]).when(disburse()).thenThrows('FUND_REQUEST.WRONG_STATUS', { status: 'submitted' });
    });

    it('closes only when every receipt is settled, releasing what was not spent', () => {
      const paid = [...approvedHistory, disbursed('d1', 30_000)];
      spec.given(paid).when({ type: 'CloseFundRequest', data: { now } }).thenThrows('FUND_REQUEST.RECEIPTS_OUTSTANDING', { outstandingReceipts: 1 });
      const receipted = [...paid, { type: 'ReceiptRecorded', data: { disbursementId: 'd1', receiptId: 'x', amountCents: 30_000 } } as FundRequestEvent];
      spec.given(receipted).when({ type: 'CloseFundRequest', data: { now } }).then({ type: 'FundRequestClosed', data: { releasedCents: 10_000, closedAt: now.toISOString() } });
    });

    it('needs no receipt for stock handed over', () => {
      const given = spec.given([...approvedHistory, disbursed('d1', 2_000, 'stock')]);
      given.when({ type: 'CloseFundRequest', data: { now } }).then({ type: 'FundRequestClosed', data: { releasedCents: 38_000, closedAt: now.toISOString() } });
      given
        .when({ type: 'RecordReceipt', data: { disbursementId: 'd1', receiptId: 'x', amountCents: 2_000, organizationId: 'org-a' } })
        .thenThrows('FUND_REQUEST.NO_RECEIPT_NEEDED');
    });

    it('only lets the submitting organization record receipts', () => {
      spec
        .given([...approvedHistory, disbursed()])
        .when({ type: 'RecordReceipt', data: { disbursementId: 'd1', receiptId: 'x', amountCents: 20_000, organizationId: 'org-b' } })
        .thenThrows('FUND_REQUEST.NOT_FOUND');
    });

    it("points a receipt at a receipt or invoice of this request, for this payment or none in particular", () => {
      const given = spec.given([...approvedHistory, disbursed('d1'), disbursed('d2')]);
      const receipt = (found: { requestId: string; disbursementId: string | null; kind: string } | null): FundRequestCommand => ({
        type: 'RecordReceipt',
        data: { disbursementId: 'd1', receiptId: 'x', amountCents: 20_000, organizationId: 'org-a', document: { documentId: 'doc-1', found } },
      });
      given.when(receipt({ requestId: 'r1', disbursementId: 'd1', kind: 'receipt' })).then({ type: 'ReceiptRecorded', data: { disbursementId: 'd1', receiptId: 'x', amountCents: 20_000, documentId: 'doc-1' } });
      expect(given.when(receipt({ requestId: 'r1', disbursementId: null, kind: 'invoice' })).thenEvents()).toHaveLength(1);
      given.when(receipt(null)).thenThrows('FUND_REQUEST.UNKNOWN_DOCUMENT', { field: 'documentId' });
      given.when(receipt({ requestId: 'r-other', disbursementId: null, kind: 'receipt' })).thenThrows('FUND_REQUEST.UNKNOWN_DOCUMENT');
      given.when(receipt({ requestId: 'r1', disbursementId: null, kind: 'quote' })).thenThrows('FUND_REQUEST.DOCUMENT_NOT_A_RECEIPT');
      given.when(receipt({ requestId: 'r1', disbursementId: 'd2', kind: 'receipt' })).thenThrows('FUND_REQUEST.DOCUMENT_OF_ANOTHER_PAYMENT');
      // Without a document, a receipt is recorded as before (and a lost one attested).
      given
        .when({ type: 'RecordReceipt', data: { disbursementId: 'd1', receiptId: 'x', amountCents: 20_000, organizationId: 'org-a' } })
        .then({ type: 'ReceiptRecorded', data: { disbursementId: 'd1', receiptId: 'x', amountCents: 20_000 } });
    });

    it('voids a money disbursement so its amount can be paid again', () => {
      const history = [...approvedHistory, disbursed('d1', 40_000), { type: 'RequestDisbursementVoided', data: { disbursementId: 'd1', amountCents: 40_000 } } as FundRequestEvent];
      expect(spec.given(history).when(disburse({ disbursementId: 'd2', payment: money({ amountCents: 40_000 }) })).thenEvents()).toHaveLength(1);
    });
  });

  describe('withdrawing, expiring, ratifying', () => {
    it('withdraws an approved request not yet paid, releasing its reservation', () => {
      spec
        .given([submitted(), approved(40_000)])
        .when({ type: 'WithdrawFundRequest', data: { organizationId: 'org-a' } })
        .then({ type: 'FundRequestWithdrawn', data: { releasedCents: 40_000 } });
    });

    it('refuses withdrawal by another organization and after payment', () => {
      spec.given([submitted()]).when({ type: 'WithdrawFundRequest', data: { organizationId: 'org-b' } }).thenThrows('FUND_REQUEST.NOT_FOUND');
      spec.given([submitted(), approved(), disbursed()]).when({ type: 'WithdrawFundRequest', data: { organizationId: 'org-a' } }).thenThrows('FUND_REQUEST.WRONG_STATUS');
    });

    it('expires an undecided request only after the protocol window', () => {
      spec.given([submitted()]).when({ type: 'ExpireFundRequest', data: { now: new Date('2026-11-20T00:00:00Z'), rules } }).thenThrows('FUND_REQUEST.NOT_YET_EXPIRED');
      spec
        .given([submitted()])
        .when({ type: 'ExpireFundRequest', data: { now: new Date('2026-12-03T00:00:00Z'), rules } })
        .then({ type: 'FundRequestExpired', data: { releasedCents: 0 } });
    });

    it('ratifies an expedited approval by another council member, once', () => {
      const history = [submitted({ expedited: true }), voteCast('c1', 'approve'), approved(40_000, ['c1'], true)];
      spec.given(history).when({ type: 'RatifyExpeditedApproval', data: { memberId: 'c1', organizationId: 'org-c' } }).thenThrows('FUND_REQUEST.APPROVER_CANNOT_RATIFY');
      spec.given(history).when({ type: 'RatifyExpeditedApproval', data: { memberId: 'c2', organizationId: 'org-c' } }).then({ type: 'ExpeditedApprovalRatified', data: { ratifiedBy: 'c2' } });
      spec
        .given([...history, { type: 'ExpeditedApprovalRatified', data: { ratifiedBy: 'c2' } }])
        .when({ type: 'RatifyExpeditedApproval', data: { memberId: 'c3', organizationId: 'org-c' } })
        .thenThrows('FUND_REQUEST.ALREADY_RATIFIED');
    });

    it('asks for more information once at a time, and only the submitting organization answers', () => {
      const asked = [submitted(), { type: 'MoreInformationRequested', data: { askedBy: 'c1', questionCode: 'vendor_details' } } as FundRequestEvent];
      spec.given(asked).when({ type: 'RequestMoreInformation', data: { askedBy: 'c2', questionCode: 'timing' } }).thenThrows('FUND_REQUEST.INFORMATION_ALREADY_REQUESTED');
      spec.given(asked).when({ type: 'ProvideInformation', data: { providedBy: 'adv-2', organizationId: 'org-b', hasNote: false } }).thenThrows('FUND_REQUEST.NOT_FOUND');
      spec.given(asked).when({ type: 'ProvideInformation', data: { providedBy: 'adv-2', organizationId: 'org-a', hasNote: true } }).then({
        type: 'InformationProvided',
        data: { providedBy: 'adv-2', hasNote: true },
      });
    });
  });
});
