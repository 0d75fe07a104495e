import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { ReadsFrom, RecordAccess } from '@fund/platform';
import { Allow } from '@fund/auth';
import { IsDay } from '../ledger.period';
import { LedgerReader, type TrialBalance } from '../ledger.reader';
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
  @ApiOkResponse({ description: 'debits, credits and balance per account, and the totals' })
  trialBalance(@Query() q: TrialBalanceQuery): Promise<TrialBalance> {
    return this.ledger.trialBalance(q.asOf);
  }
}
