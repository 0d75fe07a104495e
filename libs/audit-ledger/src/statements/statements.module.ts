import { Module } from '@nestjs/common';
import { AuditLedgerModule } from '../audit-ledger.module';
import { CloseOutStatementController } from './close-out.controller';
import { StatementsController } from './statements.controller';
import { StatementsService } from './statements.service';

/**
 * The financial statements over the ledger. Its own module so the api imports it beside the
 * ledger's (AuditLedgerModule) without the two sharing a file.
 */
@Module({
  imports: [AuditLedgerModule],
  controllers: [StatementsController, CloseOutStatementController],
  providers: [StatementsService],
})
export class LedgerStatementsModule {}
