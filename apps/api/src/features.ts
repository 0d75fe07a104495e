import type { DynamicModule, Type } from '@nestjs/common';
import { AuditLedgerModule, EvidencePackModule, LedgerStatementsModule } from '@fund/audit-ledger';
import { ReportingModule } from '@fund/reporting';
import { DocumentsModule } from '@fund/documents';
import { DonationsModule } from '@fund/donations';
import { FundRequestsModule } from '@fund/fund-requests';
import { FundsModule } from '@fund/funds';
import { InventoryModule } from '@fund/inventory';
import { NotificationsModule } from '@fund/notifications';
import { OrganizationsModule } from '@fund/organizations';
import { PeopleModule } from '@fund/people';
import { PrivacyModule } from '@fund/privacy';
import { ProtocolForesightModule } from '@fund/protocol-foresight';
import { ProtocolsModule } from '@fund/protocols';
import { RequestViewsModule } from '@fund/request-views';

/** The business capabilities the api serves; each lib exports one module. */
export const FEATURE_MODULES: readonly (Type<unknown> | DynamicModule)[] = [
  PrivacyModule,
  ProtocolsModule,
  ProtocolForesightModule,
  OrganizationsModule,
  FundsModule,
  DonationsModule,
  InventoryModule,
  FundRequestsModule,
  DocumentsModule,
  RequestViewsModule,
  AuditLedgerModule,
  LedgerStatementsModule,
  EvidencePackModule,
  ReportingModule,
  PeopleModule,
  NotificationsModule,
];
