import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { stringify } from 'csv-stringify/sync';
import { IsIn, IsOptional } from 'class-validator';
import type { Response } from 'express';
import { ReadsFrom, RecordAccess } from '@fund/platform';
import { Allow } from '@fund/auth';
import { IsDay, NotBeforeFrom } from '../ledger.period';
import { AUDIT_LEDGER } from '../ledger.migrations';
import { STATEMENT_KINDS, statementCsvRows, statementsDocument, statementsXlsx, type StatementKind } from './statements-document';
import { StatementsService } from './statements.service';
import { FinancialStatementsView } from './statements.view';

const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A statement always names its period: effective dates, both required. */
export class StatementsQuery {
  @ApiProperty({ example: '2026-10-01', description: 'first effective date (when the money or goods moved), included' })
  @IsDay()
  readonly from!: string;

  @ApiProperty({ example: '2026-12-31', description: 'last effective date, included' })
  @IsDay()
  @NotBeforeFrom()
  readonly to!: string;
}

export class StatementsCsvQuery extends StatementsQuery {
  @ApiPropertyOptional({ enum: STATEMENT_KINDS, description: 'which statement; one table per file (default: activities)' })
  @IsOptional()
  @IsIn(STATEMENT_KINDS)
  readonly statement?: StatementKind;
}

/**
 * The coalition's financial statements, for staff and auditors only: they show every amount,
 * so no funder reads them (funders read libs/reporting's suppressed fund activity statement).
 */
@ApiTags('audit ledger')
@ApiBearerAuth()
@ReadsFrom(AUDIT_LEDGER)
@Controller('ledger')
export class StatementsController {
  constructor(private readonly statements: StatementsService) {}

  @Get('statements')
  @Allow('coordinator', 'auditor')
  @RecordAccess('ledger.statements')
  @ApiOperation({
    summary: 'Read the financial statements of a period',
    description:
      'From the ledger, by effective date: the statement of activities (revenue and support by donor kind and net asset class, in-kind on its own ' +
      'lines, releases from restriction, expenses by category), each fund\'s position (unspent restricted money at the period end), budget ' +
      'versus actual per grant (spent, committed, remaining, share of the period of performance elapsed) and the ASU 2020-07 in-kind disclosure.',
  })
  @ApiOkResponse({ type: FinancialStatementsView })
  async read(@Query() q: StatementsQuery): Promise<FinancialStatementsView> {
    const input = await this.statements.statements({ from: q.from, to: q.to });
    return {
      coalition: input.coalition,
      period: input.period,
      generatedAt: input.generatedAt,
      activities: input.activities,
      fundPositions: input.fundPositions,
      budgetVersusActual: [...input.budgetVersusActual],
      inKindDisclosure: input.inKindDisclosure,
    } as FinancialStatementsView;
  }

  @Get('statements.csv')
  @Allow('coordinator', 'auditor')
  @RecordAccess('ledger.statements')
  @ApiOperation({
    summary: 'Export one financial statement as CSV',
    description: 'One table: a header row, then the statement\'s lines with the statement, its subject (all funds, or the grant and award number) and the period on every row. Amounts in dollars.',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'a CSV attachment', content: { 'text/csv': { schema: { type: 'string' } } } })
  async csv(@Query() q: StatementsCsvQuery, @Res() res: Response): Promise<void> {
    const kind = q.statement ?? 'activities';
    const doc = statementsDocument(await this.statements.statements({ from: q.from, to: q.to }), kind);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="statement-${kind}-${q.from}-to-${q.to}.csv"`);
    res.setHeader('Cache-Control', 'no-store');
    res.send(stringify(statementCsvRows(doc)));
  }

  @Get('statements.xlsx')
  @Allow('coordinator', 'auditor')
  @RecordAccess('ledger.statements')
  @ApiOperation({
    summary: 'Export the financial statements as XLSX',
    description:
      'One sheet per statement and one budget sheet per grant, printed landscape, one page wide, title and column headers repeated on every page, ' +
      'the coalition, the grant and award number, and the period in the page header.',
  })
  @ApiProduces(XLSX_CONTENT_TYPE)
  @ApiOkResponse({ description: 'an XLSX attachment', content: { [XLSX_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } } } })
  async xlsx(@Query() q: StatementsQuery, @Res() res: Response): Promise<void> {
    const doc = statementsDocument(await this.statements.statements({ from: q.from, to: q.to }));
    const body = await statementsXlsx(doc);
    res.setHeader('Content-Type', XLSX_CONTENT_TYPE);
    res.setHeader('Content-Disposition', `attachment; filename="statements-${q.from}-to-${q.to}.xlsx"`);
    res.setHeader('Cache-Control', 'no-store');
    res.send(body);
  }
}
