import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '@fund/auth';
import { ReadsFrom, RecordAccess } from '@fund/platform';
import { AUDIT_LEDGER } from '../ledger.migrations';
import { ClosedPeriodsReader } from './closed-periods.reader';
import { ClosedPeriodsView } from './closed-periods.view';

@ApiTags('audit ledger')
@ApiBearerAuth()
@ReadsFrom(AUDIT_LEDGER)
@Controller('ledger')
export class ClosedPeriodsController {
  constructor(private readonly closed: ClosedPeriodsReader) {}

  @Get('periods')
  @Allow('auditor', 'coordinator')
  @RecordAccess('ledger.periods')
  @ApiOperation({
    summary: 'List the closed periods',
    description: 'Each closed month and fiscal year with its closing entry in the chain, its trial balance and the digest of that trial balance, and whether the ledger recomputed now still gives the same digest.',
  })
  @ApiOkResponse({ type: ClosedPeriodsView })
  async list(): Promise<ClosedPeriodsView> {
    return { periods: await this.closed.list() };
  }
}
