import { deciderSpec } from '@fund/event-sourcing/testing';
import { organizationDecider, overdueReceipts } from './organization.decider';
import type { OrganizationEvent } from './organization.events';

const spec = deciderSpec(organizationDecider);
const registered: OrganizationEvent = { type: 'OrganizationRegistered', data: { organizationId: 'org-a', providerType: 'immigrant_services', county: 'york' } };
const due = (disbursementId: string, dueOn: string): OrganizationEvent => ({ type: 'ReceiptDue', data: { requestId: `r-${disbursementId}`, disbursementId, dueOn } });

describe('organization decider', () => {
  describe('registering', () => {
    it('registers a member agency with its provider type and county', () => {
      spec
        .given([])
        .when({ type: 'RegisterOrganization', data: { organizationId: 'org-a', providerType: 'immigrant_services', county: 'york' } })
        .then(registered);
    });

    it('registers an agency once', () => {
      spec
        .given([registered])
        .when({ type: 'RegisterOrganization', data: { organizationId: 'org-a', providerType: 'other', county: 'knox' } })
        .thenThrows('ORGANIZATION.ALREADY_REGISTERED', { organizationId: 'org-a' });
    });
  });

  describe('receipts due', () => {
    it('records a receipt due on a disbursement', () => {
      spec
        .given([registered])
        .when({ type: 'RecordReceiptDue', data: { requestId: 'r-1', disbursementId: 'd-1', dueOn: '2026-11-16' } })
        .then({ type: 'ReceiptDue', data: { requestId: 'r-1', disbursementId: 'd-1', dueOn: '2026-11-16' } });
    });

    it('refuses receipts due for an agency the fund has not registered', () => {
      spec.given([]).when({ type: 'RecordReceiptDue', data: { requestId: 'r-1', disbursementId: 'd-1', dueOn: '2026-11-16' } }).thenThrows('ORGANIZATION.NOT_REGISTERED');
    });

    it('settles a receipt that is due, and records nothing for one that is not', () => {
      spec
        .given([registered, due('d-1', '2026-11-16')])
        .when({ type: 'SettleReceipt', data: { requestId: 'r-d-1', disbursementId: 'd-1' } })
        .then({ type: 'ReceiptSettled', data: { requestId: 'r-d-1', disbursementId: 'd-1' } });
      const settled: OrganizationEvent = { type: 'ReceiptSettled', data: { requestId: 'r-d-1', disbursementId: 'd-1' } };
      spec.given([registered, due('d-1', '2026-11-16'), settled]).when({ type: 'SettleReceipt', data: { requestId: 'r-d-1', disbursementId: 'd-1' } }).then([]);
    });

    it('counts a receipt as overdue from the day after its due date (UTC)', () => {
      const { state } = spec.given([registered, due('d-1', '2026-11-16'), due('d-2', '2026-11-17')]);
      expect(overdueReceipts(state, new Date('2026-11-16T23:59:59Z'))).toEqual([]);
      expect(overdueReceipts(state, new Date('2026-11-17T00:00:00Z'))).toEqual([{ disbursementId: 'd-1', requestId: 'r-d-1', dueOn: '2026-11-16' }]);
      expect(overdueReceipts(state, new Date('2026-11-18T08:00:00Z')).map((r) => r.disbursementId)).toEqual(['d-1', 'd-2']);
    });

    it('does not count a settled receipt as overdue', () => {
      const settled: OrganizationEvent = { type: 'ReceiptSettled', data: { requestId: 'r-d-1', disbursementId: 'd-1' } };
      const { state } = spec.given([registered, due('d-1', '2026-11-16'), settled]);
      expect(overdueReceipts(state, new Date('2026-12-01T00:00:00Z'))).toEqual([]);
    });
  });
});
