import { Module } from '@nestjs/common';
import { ClosedPeriodsController } from './closed-periods/closed-periods.controller';
import { ClosedPeriodsReader } from './closed-periods/closed-periods.reader';
import { ExportLedgerController } from './export-ledger/export-ledger.controller';
import { GiftCardLogController } from './gift-card-log/gift-card-log.controller';
import { AuditLedgerProjection } from './ledger.projection';
import { LedgerReader } from './ledger.reader';
import { ListEntriesController } from './list-entries/list-entries.controller';
import { TrialBalanceController } from './trial-balance/trial-balance.controller';
import { VerifyLedgerController } from './verify-ledger/verify-ledger.controller';

/**
 * The auditors' ledger in the api: its routes, and its tables migrated at start (LedgerReader).
 * The projection is a provider too, so a host can hand it to a SubscriptionRunner; the worker
 * registers the class itself.
 */
@Module({
  controllers: [ListEntriesController, VerifyLedgerController, TrialBalanceController, ExportLedgerController, ClosedPeriodsController, GiftCardLogController],
  providers: [LedgerReader, AuditLedgerProjection, ClosedPeriodsReader],
  exports: [LedgerReader, AuditLedgerProjection],
})
export class AuditLedgerModule {}
