import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReadsFrom, RecordAccess } from '@fund/platform';
import { Allow } from '@fund/auth';
import { LedgerReader } from '../ledger.reader';
import { LedgerPageView, toEntryView } from '../ledger.view';
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
  @ApiOperation({
    summary: 'List ledger entries',
    description:
      'Entries with their lines in journal order, each with the records it belongs to (request, payment, donation, item, serials), ' +
      'its effective date beside its recorded time, and labels beside the codes; filtered by effective date, fund, account or request. ' +
      'Every read is recorded in the access log.',
  })
  @ApiOkResponse({ type: LedgerPageView, description: 'pass nextAfter as after for the next page' })
  async list(@Query() q: ListEntriesQuery): Promise<LedgerPageView> {
    const page = await this.ledger.page({
      from: q.from,
      to: q.to,
      fundId: q.fundId,
      account: q.account,
      requestId: q.requestId,
      afterSeq: q.after,
      limit: q.limit ?? DEFAULT_PAGE_SIZE,
    });
    return { entries: page.entries.map(toEntryView), nextAfter: page.nextAfter };
  }
}
