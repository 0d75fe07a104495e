import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReadsFrom, RecordAccess } from '@fund/platform';
import { Allow } from '@fund/auth';
import { OptionalPeriodQuery } from '../ledger.period';
import { LedgerReader } from '../ledger.reader';
import { LedgerVerificationView } from '../ledger.view';
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
  @ApiOperation({ summary: 'Verify the ledger', description: 'Recomputes the hash chain and the trial balance over a period (or all of it). A broken chain is the answer, not a failed request: 200 either way, with the first broken entry.' })
  @ApiOkResponse({ type: LedgerVerificationView })
  verify(@Query() q: OptionalPeriodQuery): Promise<LedgerVerificationView> {
    return this.ledger.verify({ from: q.from, to: q.to });
  }
}
