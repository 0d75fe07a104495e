/** The shapes of the api's answers this app reads (see /docs/openapi.json). Amounts are integer cents. */

export type Role = 'provider' | 'council' | 'coordinator' | 'auditor' | 'funder';
export const ROLES: readonly Role[] = ['provider', 'council', 'coordinator', 'auditor', 'funder'];

export type RequestStatus = 'submitted' | 'info_requested' | 'approved' | 'disbursed' | 'closed' | 'denied' | 'withdrawn' | 'expired';

export interface VoteCounts {
  readonly approvals: number;
  readonly denials: number;
  readonly recusals: number;
}

/** A row of /queues/my-requests, /queues/council and /queues/payments. */
export interface QueueItem {
  readonly requestId: string;
  readonly version: number;
  readonly organizationId: string;
  readonly survivorReference?: string;
  readonly status: RequestStatus;
  readonly category: string;
  readonly amountCents: number;
  readonly approvedCents: number | null;
  readonly disbursedCents: number;
  readonly remainingToPayCents: number | null;
  readonly fundId: string | null;
  readonly paymentMethod: string;
  readonly urgency: string;
  readonly neededBy: string;
  readonly expedited: boolean;
  readonly ratified: boolean | null;
  readonly openQuestion: string | null;
  readonly votes: VoteCounts;
  readonly submittedAt: string;
  readonly decidedAt: string | null;
}

export interface Items<T> {
  readonly items: readonly T[];
}

export interface Disbursement {
  readonly disbursementId: string;
  readonly source: 'money' | 'stock';
  readonly amountCents: number;
  readonly receiptDueOn: string | null;
  readonly voided: boolean;
  readonly receipt: 'none' | 'recorded' | 'lost_attested' | string;
}

/** GET /fund-requests/:id */
export interface RequestDetail {
  readonly requestId: string;
  readonly version: number;
  readonly status: RequestStatus;
  readonly organizationId: string;
  readonly survivorReference?: string;
  readonly category: string;
  readonly amountCents: number;
  readonly paymentMethod: string;
  readonly urgency: string;
  readonly neededBy: string;
  readonly expedited: boolean;
  readonly submittedAt: string;
  readonly demographics?: Readonly<Record<string, string>>;
  readonly hasNarrative: boolean;
  readonly votes: readonly { readonly vote: string; readonly amountCents?: number | null }[];
  readonly approval: { readonly amountCents: number; readonly fundId: string; readonly expedited: boolean; readonly ratified: boolean } | null;
  readonly disbursedCents: number;
  readonly reservedCents: number;
  readonly disbursements: readonly Disbursement[];
  readonly receiptsOutstanding: number;
}

export interface HistoryEntry {
  readonly version: number;
  readonly event: string;
  readonly by: string;
  readonly at: string;
}

export interface Narrative {
  readonly requestId: string;
  readonly narrative: readonly string[] | 'redacted';
  readonly notes: readonly string[] | 'redacted';
}

export interface CommandResult {
  readonly requestId: string;
  readonly status: RequestStatus;
  readonly events?: readonly string[];
  readonly disbursementId?: string;
  readonly amountCents?: number;
  readonly receiptDueOn?: string | null;
  readonly expedited?: boolean;
}

export interface ApprovalTier {
  readonly upToCents: number | null;
  readonly approvalsRequired: number;
}

export interface ProtocolRules {
  readonly eligibleCategories: readonly string[];
  readonly capPerRequestCents: number;
  readonly capPerSurvivorPer12MonthsCents: number;
  readonly approvalTiers: readonly ApprovalTier[];
  readonly expedited: { readonly enabled: boolean; readonly capCents: number; readonly decisionWithinHours: number; readonly ratificationWithinDays: number };
  readonly receiptDeadlineDays: number;
  readonly overdueReceiptConsequence: string;
  readonly giftCardFaceValueLimitCents: number;
  readonly protocolQuorum: number;
  readonly defaultFundId: string;
  readonly requestExpiryDays: number;
  readonly narrativeRetentionDays: number;
}

export type ProtocolStatus = 'draft' | 'proposed' | 'adopted' | 'rejected' | 'superseded';
export type ProtocolVote = 'approve' | 'reject' | 'recuse';

export interface ProtocolTally {
  readonly approvals: number;
  readonly rejections: number;
  readonly recusals: number;
}

/** GET /protocols/current and GET /protocols/:version */
export interface Protocol {
  readonly version: string;
  readonly title: string;
  readonly status: ProtocolStatus;
  readonly rules: ProtocolRules;
  readonly bootstrapped?: boolean;
  readonly quorum?: number | null;
  readonly tally?: ProtocolTally | null;
  readonly streamVersion?: number;
}

/** A row of GET /queues/protocol-versions; `myVote` only for a council member. */
export interface ProtocolVersionItem {
  readonly version: string;
  readonly title: string;
  readonly status: ProtocolStatus;
  readonly bootstrapped: boolean;
  readonly quorum: number | null;
  readonly tally: ProtocolTally | null;
  readonly myVote?: ProtocolVote | null;
  readonly draftedAt: string | null;
  readonly revisedAt: string | null;
  readonly proposedAt: string | null;
  readonly adoptedAt: string | null;
  readonly rejectedAt: string | null;
  readonly supersededAt: string | null;
  readonly supersededBy: string | null;
  readonly streamVersion: number;
}

/** What POST /protocols, .../revisions, .../proposal and .../votes answer. */
export interface ProtocolWriteResult {
  readonly version: string;
  readonly status: ProtocolStatus;
  readonly streamVersion: number;
}

export interface FundBalance {
  readonly fundId: string;
  readonly name: string;
  readonly restricted: boolean;
  readonly receivedCents: number;
  readonly reservedCents: number;
  readonly disbursedCents: number;
  readonly balanceCents: number;
  readonly availableCents: number;
}

export interface StockBalance {
  readonly itemId: string;
  readonly kind: string;
  readonly category: string;
  readonly unitValueCents: number;
  readonly onHand: number;
  readonly valueOnHandCents: number;
  readonly received: number;
  readonly issued: number;
  readonly writtenOff: number;
}

/** GET /stock/:itemId, and what POST /stock/:itemId/adjustments answers. */
export interface StockItem {
  readonly itemId: string;
  readonly kind: string;
  readonly category: string;
  readonly unitValueCents: number;
  readonly onHand: number;
  readonly availableSerials: readonly string[] | null;
}

export interface OverdueReceipt {
  readonly disbursementId: string;
  readonly requestId: string;
  readonly organizationId: string;
  readonly amountCents: number;
  readonly dueOn: string;
}

export interface LedgerLine {
  readonly line: number;
  readonly account: string;
  readonly debitCents: number;
  readonly creditCents: number;
}

export interface LedgerEntry {
  readonly seq: number;
  readonly entryId: string;
  readonly eventType: string;
  readonly occurredAt: string;
  readonly actorUserId: string;
  readonly actorRole: string;
  readonly protocolVersion: string | null;
  readonly fundId: string | null;
  readonly category: string | null;
  readonly lines: readonly LedgerLine[];
  readonly hash: string;
}

export interface LedgerPage {
  readonly entries: readonly LedgerEntry[];
  readonly nextAfter: number | null;
}

export interface LedgerVerification {
  readonly ok: boolean;
  readonly entries: number;
  readonly totalDebitCents: number;
  readonly totalCreditCents: number;
  readonly firstBroken: { readonly seq: number; readonly eventId: string; readonly reason: string } | null;
  readonly checkedAt: string;
  readonly from: string | null;
  readonly to: string | null;
  readonly lastSeq: number | null;
  readonly lastHash: string | null;
}

export interface ReportCell {
  readonly count: number | null;
  readonly amountCents: number | null;
  readonly suppressed: boolean;
  readonly medianDays?: number | null;
}

export interface ReportRow {
  readonly key: string;
  readonly label: string;
  readonly cells: readonly ReportCell[];
  readonly total: ReportCell | null;
}

export interface ReportTable {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly rowHeading: string;
  readonly columnHeading: string;
  readonly countOf: string;
  readonly amountOf: string | null;
  readonly hasMedians: boolean;
  readonly columns: readonly { readonly key: string; readonly label: string }[];
  readonly rows: readonly ReportRow[];
  readonly columnTotals: readonly ReportCell[] | null;
  readonly grandTotal: ReportCell | null;
}

export interface Report {
  readonly report: string;
  readonly title: string;
  readonly period: { readonly kind: string; readonly label: string; readonly start: string; readonly end: string };
  readonly threshold: number;
  readonly generatedAt: string;
  readonly notes: readonly string[];
  readonly tables: readonly ReportTable[];
}
