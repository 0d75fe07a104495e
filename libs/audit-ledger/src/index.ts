export * from './ledger.accounts';
export * from './ledger.canonical';
export { journal, toLedgerEntry, entryIdFor, JOURNALED_EVENT_TYPES, UNKNOWN_CATEGORY, type JournaledEvent, type JournalPosting, type JournalLookups } from './ledger.journal';
export { AUDIT_LEDGER, LEDGER_MIGRATIONS } from './ledger.migrations';
export { ledgerExists } from './ledger.rows';
export * from './ledger.verify';
export { AuditLedgerProjection } from './ledger.projection';
export { LedgerReader, type LedgerPage, type TrialBalance, type AccountBalance } from './ledger.reader';
export { AuditLedgerModule } from './audit-ledger.module';
