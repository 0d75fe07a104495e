import { DEMO_PROTOCOL_RULES } from '@fund/protocols';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * A body each write route accepts, by route template, for tests that break one thing at a time
 * (hostile bodies, identifiers in text). A write route without one fails those suites, so a new
 * route gets one. `reference` is a survivor reference issued to the caller's organization.
 */
export function writeBodies({ reference }: { readonly reference: string }): Record<string, Json> {
  return {
    '/protocols/bootstrap': { version: '2026-9', title: 'Protocol', rules: DEMO_PROTOCOL_RULES as unknown as Json },
    '/protocols': { version: '2027-1', title: 'Next protocol', rules: DEMO_PROTOCOL_RULES as unknown as Json },
    '/protocols/:version/revisions': { rules: DEMO_PROTOCOL_RULES as unknown as Json },
    '/protocols/:version/proposal': {},
    '/protocols/:version/votes': { vote: 'approve' },
    '/organizations': { organizationId: 'org-z', providerType: 'other', county: 'york' },
    '/survivor-references': {},
    '/funds': { fundId: 'fund-z', name: 'Winter coats', restricted: false },
    '/funds/:fundId/restrictions': {
      purpose: { categories: ['lodging', 'relocation'], paymentMethods: ['vendor_payment'] },
      period: { firstDay: '2026-10-01', lastDay: '2027-09-30', liquidationDeadline: '2027-12-29' },
      budgetLines: [{ lineId: 'housing', categories: ['lodging', 'relocation'], amountCents: 100_000 }],
      match: { requiredCents: 25_000 },
      reference: 'Amendment two',
    },
    // Closing general money is refused (not a grant) after the body's rules: enough for the black-box suites.
    '/funds/:fundId/close-out': { decisions: [], otherwise: { action: 'release' }, reference: 'Final financial report' },
    '/funds/:fundId/spending-plan': { cadence: 'quarter', periods: [{ start: '2026-10', amountCents: 30_000 }], warnings: { lowBalanceCents: 5_000, overPacePercent: 10 } },
    '/payees': { payeeId: 'payee-z', name: 'Corner Grocery Inc', kind: 'business', taxId: '12-3456789' },
    '/ledger/periods': { kind: 'month', period: '2026-09' },
    '/donations/monetary': { fundId: 'general', amountCents: 5_000, restricted: false, donorKind: 'individual', donorReference: 'DNR-0042', receivedOn: '2026-10-01' },
    '/donations/in-kind': {
      donorKind: 'organization',
      receivedOn: '2026-10-02',
      items: [{ itemId: 'bus-pass-monthly', kind: 'bus_pass', category: 'transportation', quantity: 1, unitValueCents: 4_000, valuationMethod: 'face_value', serials: ['BP-9'] }],
    },
    '/stock/:itemId/adjustments': { quantityDelta: -1, reason: 'expired', serials: ['BP-1'] },
    '/stock/:itemId/sales': { saleId: 'sale-z', quantity: 1, serials: ['BP-1'], proceedsCents: 3_000, fundId: 'general', buyerKind: 'resale_vendor', soldOn: '2026-10-05' },
    '/stock/:itemId/counts': { countId: 'count-z', custodian: 'office-safe', countedOn: '2026-10-05', countedSerials: ['BP-1'] },
    '/stock-counts/:countId/approval': {},
    '/card-purchases': {
      purchaseId: 'po-z',
      fundId: 'general',
      payeeId: 'payee-z',
      itemId: 'grocery-card-z',
      kind: 'gift_card',
      category: 'groceries',
      faceValueCents: 2_500,
      serials: ['PC-9'],
      feesCents: 0,
      paidOn: '2026-10-03',
      paymentReference: { kind: 'check_number', value: '1001' },
    },
    '/card-purchases/:purchaseId/receipt': { receivedOn: '2026-10-04', custodian: 'office-safe' },
    '/fund-requests': {
      survivorReference: reference,
      category: 'groceries',
      amountCents: 2_000,
      paymentMethod: 'vendor_payment',
      urgency: 'standard',
      neededBy: '2099-01-01',
      demographics: { ageBand: '25_59', county: 'york' },
      narrative: 'Groceries for the week while benefits are pending',
    },
    '/fund-requests/:requestId/narrative/shred': {},
    '/fund-requests/:requestId/information-requests': { questionCode: 'other_resources' },
    '/fund-requests/:requestId/information': { note: 'No other help is available this month' },
    '/fund-requests/:requestId/votes': { vote: 'approve', amountCents: 2_000 },
    '/fund-requests/:requestId/ratification': {},
    '/fund-requests/:requestId/withdrawal': {},
    '/fund-requests/:requestId/expiry': {},
    '/fund-requests/:requestId/disbursements': { source: 'money', amountCents: 1_000, paymentMethod: 'vendor_payment' },
    '/fund-requests/:requestId/disbursements/:disbursementId/void': {},
    '/fund-requests/:requestId/disbursements/:disbursementId/receipt': { amountCents: 1_000 },
    '/fund-requests/:requestId/disbursements/:disbursementId/lost-receipt': { reasonCode: 'lost' },
    '/fund-requests/:requestId/closure': {},
    // The upload's body is the file itself (raw bytes, not JSON): every JSON body is refused, DOCUMENT.UNSUPPORTED_TYPE, and nothing written.
    '/fund-requests/:requestId/documents': {},
    '/admin/projections/rebuild': { name: 'reporting' },
    '/people/:userId/deactivate': {},
    '/people/:userId/reactivate': {},
    '/notifications/:messageId/read': {},
    '/notifications/read-all': {},
    '/notifications/preferences': { kind: 'vote-requested', delivery: 'digest' },
    '/notifications/dead-letters/:messageId/retry': {},
  };
}
