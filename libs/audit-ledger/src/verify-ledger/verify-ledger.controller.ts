import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ReadsFrom, RecordAccess } from '@fund/platform';
import { Allow } from '@fund/auth';
import { OptionalPeriodQuery } from '../ledger.period';
import { LedgerReader } from '../ledger.reader';
import type { LedgerVerification } from '../ledger.verify';
import { AUDIT_LEDGER } from '../ledger.migrations';

@ApiTags('audit ledger')
@ApiBearerAuth()
@ReadsFrom(AUDIT_LEDGER)
@Controller('ledger')
export class VerifyLedgerController {
  constructor(private readonly ledger: LedgerReader) {}

  /** 200 either way: a broken chain is the answer to the question, not a failed request. */
  @Get('verify')
  @Allow('auditor')
  @RecordAccess('ledger.verify')
  @ApiOkResponse({ description: 'ok, totals, and the first broken entry (seq, eventId, reason) or null' })
  verify(@Query() q: OptionalPeriodQuery): Promise<LedgerVerification> {
    return this.ledger.verify({ from: q.from, to: q.to });
  }
}
