/** Display helpers: money, dates and plain-language labels for the api's codes. */

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

export function money(cents: number | null | undefined): string {
  return cents === null || cents === undefined ? '—' : usd.format(cents / 100);
}

/** "120", "120.5", "$1,200.50" -> cents; null when it is not an amount of dollars. */
export function parseDollars(text: string): number | null {
  const cleaned = text.trim().replace(/^\$/, '').replace(/,/g, '').trim();
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

export function dollarsInput(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return '';
  return (cents / 100).toFixed(2);
}

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' });
}

/** A YYYY-MM-DD day, shown as is (never shifted by time zone). */
export function day(value: string | null | undefined): string {
  return value ?? '—';
}

/** Today as YYYY-MM-DD in the user's own time zone. */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function shortId(id: string): string {
  return id.slice(0, 8);
}

const LABELS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  category: {
    phone_card: 'Phone cards',
    groceries: 'Groceries',
    transportation: 'Transportation',
    lodging: 'Lodging',
    hygiene: 'Hygiene items',
    clothing: 'Clothing',
    winter_gear: 'Winter gear',
    relocation: 'Relocation',
    identity_documents: 'ID documents',
    childcare: 'Childcare',
    medical: 'Medical co-pays',
    other_basic_needs: 'Other basic needs',
  },
  paymentMethod: {
    gift_card: 'Gift card',
    bus_pass: 'Bus pass',
    phone_card: 'Phone card',
    vendor_payment: 'Payment to a vendor',
    donated_goods: 'Donated goods',
  },
  urgency: { standard: 'Standard', urgent: 'Urgent', emergency: 'Emergency' },
  status: {
    submitted: 'Awaiting decision',
    info_requested: 'Question to answer',
    approved: 'Approved, to be paid',
    disbursed: 'Paid',
    // Not an api status: "disbursed" with money still to pay (statusBadge).
    partially_paid: 'Partially paid',
    closed: 'Closed',
    denied: 'Denied',
    withdrawn: 'Withdrawn',
    expired: 'Expired',
  },
  question: {
    confirm_amount: 'Please confirm the amount',
    vendor_details: 'Which vendor will be paid?',
    receipt_plan: 'How will the receipt be obtained?',
    eligibility: 'How does this meet the fund’s eligibility?',
    timing: 'When exactly is this needed?',
    other_resources: 'Were other resources tried first?',
  },
  denyReason: {
    ineligible_need: 'The need is not eligible',
    over_cap: 'Over the cap',
    insufficient_information: 'Not enough information',
    duplicate_request: 'Duplicate request',
    other_resources_available: 'Other resources are available',
    outside_fund_purpose: 'Outside the fund’s purpose',
  },
  lostReceipt: {
    lost: 'The receipt was lost',
    vendor_gave_none: 'The vendor gave no receipt',
    unsafe_to_obtain: 'Unsafe to obtain',
    survivor_unreachable: 'The survivor cannot be reached',
  },
  receipt: { none: 'Not yet', recorded: 'Recorded', lost_attested: 'Lost (attested)' },
  donorKind: { individual: 'Individual', organization: 'Organization', grant: 'Grant', anonymous: 'Anonymous' },
  itemKind: { gift_card: 'Gift card', bus_pass: 'Bus pass', phone_card: 'Phone card', goods: 'Goods' },
  valuation: { face_value: 'Face value', fair_market_value: 'Fair market value', donor_stated: 'Value stated by the donor', purchase_price: 'Purchase price' },
  ageBand: {
    not_collected: 'Not collected',
    '0_12': '0 to 12',
    '13_17': '13 to 17',
    '18_24': '18 to 24',
    '25_59': '25 to 59',
    '60_plus': '60 or older',
    minor_unbanded: 'Minor (recorded before the PMT bands)',
    adult_unbanded: 'Adult (recorded before the PMT bands)',
  },
  traffickingType: { not_collected: 'Not collected', sex: 'Sex trafficking', labor: 'Labor trafficking', both: 'Both', unknown: 'Unknown' },
  citizenship: { not_collected: 'Not collected', us_citizen: 'U.S. citizen', foreign_national: 'Foreign national' },
  gender: { not_collected: 'Not collected', female: 'Female', male: 'Male', non_binary: 'Non-binary' },
  protocolStatus: { draft: 'Draft', proposed: 'Proposed, in vote', adopted: 'Adopted, in force', rejected: 'Rejected', superseded: 'Superseded' },
  protocolVote: { approve: 'Approve', reject: 'Reject', recuse: 'Recused' },
  overdueReceiptConsequence: { none: 'Nothing happens', block_new_requests: 'The organization cannot submit new requests until it is settled' },
  adjustmentReason: { lost: 'Lost', expired: 'Expired', damaged: 'Damaged', count_correction: 'Count correction' },
  buyerKind: { resale_vendor: 'Resale vendor', auction: 'Auction', thrift_store: 'Thrift store', payee: 'A registered payee' },
  role: { provider: 'Provider', council: 'Provider Council', coordinator: 'Coordinator', auditor: 'Auditor', funder: 'Funder' },
};

export const COUNTIES = [
  'androscoggin',
  'aroostook',
  'cumberland',
  'franklin',
  'hancock',
  'kennebec',
  'knox',
  'lincoln',
  'oxford',
  'penobscot',
  'piscataquis',
  'sagadahoc',
  'somerset',
  'waldo',
  'washington',
  'york',
  'out_of_state',
  'unknown',
] as const;

export type LabelKind = keyof typeof LABELS & string;

/** The plain-language label of a code; unknown codes are shown readably rather than hidden. */
export function label(kind: string, code: string | null | undefined): string {
  if (code === null || code === undefined) return '—';
  const known = LABELS[kind]?.[code];
  if (known) return known;
  if (kind === 'county') return code === 'out_of_state' ? 'Out of state' : code === 'not_collected' ? 'Not collected' : code.charAt(0).toUpperCase() + code.slice(1);
  const words = code.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The codes of a kind, in display order. */
export function codes(kind: string): string[] {
  if (kind === 'county') return [...COUNTIES];
  return Object.keys(LABELS[kind] ?? {});
}

/** The approval tiers of a protocol in words: "up to $250.00: 1 council approval; above $250.00: 2 council approvals". */
export function tiersText(rules: { readonly approvalTiers: readonly { readonly upToCents: number | null; readonly approvalsRequired: number }[] }): string {
  const parts: string[] = [];
  let previous: number | null = null;
  for (const tier of rules.approvalTiers) {
    const who = `${tier.approvalsRequired} council approval${tier.approvalsRequired === 1 ? '' : 's'}`;
    if (tier.upToCents === null) parts.push(previous === null ? `${who} for any amount` : `above ${money(previous)}: ${who}`);
    else parts.push(`up to ${money(tier.upToCents)}: ${who}`);
    previous = tier.upToCents;
  }
  return parts.join('; ');
}

/**
 * Approvals a request needs under a protocol's rules, as the api decides at the next vote: the
 * first tier its amount fits in (the last one above every bound), or one on the expedited path.
 */
export function approvalsRequired(rules: { readonly approvalTiers: readonly { readonly upToCents: number | null; readonly approvalsRequired: number }[] }, amountCents: number, expedited: boolean): number {
  if (expedited) return 1;
  const tier = rules.approvalTiers.find((t) => t.upToCents === null || amountCents <= t.upToCents);
  return tier?.approvalsRequired ?? rules.approvalTiers.at(-1)?.approvalsRequired ?? 1;
}
