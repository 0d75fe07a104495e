import { Module } from '@nestjs/common';
import { AuditLedgerModule } from '../audit-ledger.module';
import { EvidencePackController } from './evidence-pack.controller';
import { EvidencePackService } from './evidence-pack.service';

/**
 * The evidence pack per payment. Its own module beside the ledger's: it reads the request, the
 * fund, the protocol and the payee from the store, the entries from the ledger, and the receipt's
 * document through the documents lib when the host has it (its module is global).
 */
@Module({
  imports: [AuditLedgerModule],
  controllers: [EvidencePackController],
  providers: [EvidencePackService],
  exports: [EvidencePackService],
})
export class EvidencePackModule {}
