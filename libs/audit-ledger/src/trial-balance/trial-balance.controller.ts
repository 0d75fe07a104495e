import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { ReadsFrom, RecordAccess } from '@fund/platform';
import { Allow } from '@fund/auth';
import { IsDay } from '../ledger.period';
import { LedgerReader } from '../ledger.reader';
import { TrialBalanceView } from '../ledger.view';
import { AUDIT_LEDGER } from '../ledger.migrations';

export class TrialBalanceQuery {
  @ApiPropertyOptional({ example: '2026-12-31', description: 'balances at the end of this day (UTC); omit for now' })
  @IsOptional()
  @IsDay()
  readonly asOf?: string;
}

@ApiTags('audit ledger')
@ApiBearerAuth()
@ReadsFrom(AUDIT_LEDGER)
@Controller('ledger')
export class TrialBalanceController {
  constructor(private readonly ledger: LedgerReader) {}

  @Get('trial-balance')
  @Allow('auditor', 'coordinator')
  @RecordAccess('ledger.trial-balance')
  @ApiOperation({ summary: 'Read the trial balance', description: 'Debits, credits and balance per account at the end of a day (or now), and the totals.' })
  @ApiOkResponse({ type: TrialBalanceView })
  trialBalance(@Query() q: TrialBalanceQuery): Promise<TrialBalanceView> {
    return this.ledger.trialBalance(q.asOf);
  }
}
