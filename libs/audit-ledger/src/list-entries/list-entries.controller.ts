import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ReadsFrom, RecordAccess } from '@fund/platform';
import { Allow } from '@fund/auth';
import { LedgerReader, type LedgerPage } from '../ledger.reader';
import { DEFAULT_PAGE_SIZE, ListEntriesQuery } from './list-entries.dto';
import { AUDIT_LEDGER } from '../ledger.migrations';

@ApiTags('audit ledger')
@ApiBearerAuth()
@ReadsFrom(AUDIT_LEDGER)
@Controller('ledger')
export class ListEntriesController {
  constructor(private readonly ledger: LedgerReader) {}

  @Get()
  @Allow('auditor', 'coordinator')
  @RecordAccess('ledger.entries')
  @ApiOkResponse({ description: 'entries with their lines in journal order; pass nextAfter as after for the next page' })
  list(@Query() q: ListEntriesQuery): Promise<LedgerPage> {
    return this.ledger.page({ from: q.from, to: q.to, fundId: q.fundId, account: q.account, afterSeq: q.after, limit: q.limit ?? DEFAULT_PAGE_SIZE });
  }
}
