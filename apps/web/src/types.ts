import type { components } from './api-types.js';

/**
 * The api's answers as the screens name them. Each is a schema of the api's own OpenAPI
 * document, generated into api-types.ts by `npm run web:types`: when the api changes an answer,
 * the screen that reads it stops compiling. Amounts are integer cents.
 */
type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

/** Not an answer: the role claim of a token, which the app reads to choose the screens. */
export type Role = 'provider' | 'council' | 'coordinator' | 'auditor' | 'funder';
export const ROLES: readonly Role[] = ['provider', 'council', 'coordinator', 'auditor', 'funder'];

/** What every list route answers (RequestQueueView, FundBalancesView, StockBalancesView, ...). */
export interface Items<T> {
  readonly items: readonly T[];
}

// Requests
export type RequestStatus = Schema<'FundRequestStatus'>;
/** A row of /queues/my-requests, /queues/council, /queues/payments, /queues/to-close and /queues/to-ratify. */
export type QueueItem = Schema<'RequestItemView'>;
/** GET /fund-requests/:id */
export type RequestDetail = Schema<'FundRequestView'>;
export type Disbursement = Schema<'RequestDisbursementView'>;
/** GET /queues/requests/:id/history */
export type RequestHistory = Schema<'RequestHistoryView'>;
export type HistoryEntry = Schema<'RequestHistoryStepView'>;
export type Narrative = Schema<'NarrativeView'>;
export type OverdueReceipt = Schema<'OverdueReceiptItemView'>;
export type SurvivorReference = Schema<'IssuedSurvivorReference'>;
/** POST /fund-requests */
export type SubmittedRequest = Schema<'SubmittedFundRequest'>;
/** POST /fund-requests/:id/disbursements */
export type RecordedPayment = Schema<'RecordedDisbursement'>;
/** What the other commands on a request answer. */
export type CommandResult = Schema<'FundRequestCommandResult'>;

// Protocols
export type ProtocolRules = Schema<'ProtocolRulesDto'>;
export type ProtocolStatus = Schema<'ProtocolStatus'>;
export type ProtocolVote = Schema<'CastProtocolVoteDto'>['vote'];
/** GET /protocols/current and GET /protocols/:version */
export type Protocol = Schema<'ProtocolVersionView'>;
/** A row of GET /queues/protocol-versions; `myVote` only for a council member. */
export type ProtocolVersionItem = Schema<'ProtocolVersionItemView'>;
/** What POST /protocols, .../revisions, .../proposal and .../votes answer. */
export type ProtocolWriteResult = Schema<'ProtocolWriteResultView'>;

// Money and stock
export type FundBalance = Schema<'FundBalanceView'>;
export type StockBalance = Schema<'StockBalanceView'>;
/** GET /stock/:itemId */
export type StockItem = Schema<'StockView'>;
/** POST /stock/:itemId/adjustments */
export type StockAdjusted = Schema<'AdjustStockResult'>;

// Audit and reports
export type LedgerEntry = Schema<'LedgerEntryView'>;
export type LedgerPage = Schema<'LedgerPageView'>;
export type LedgerVerification = Schema<'LedgerVerificationView'>;
export type Report = Schema<'FunderReportView'>;
export type ReportTable = Schema<'ReportTableView'>;
export type ReportCell = Schema<'ReportCellView'>;
