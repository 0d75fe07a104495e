import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiTags } from '@nestjs/swagger';
import { stringify } from 'csv-stringify/sync';
import { Matches } from 'class-validator';
import type { Response } from 'express';
import { Allow } from '@fund/auth';
import { DomainError, loadStreamState, type EventStore } from '@fund/event-sourcing';
import { FUND_ID_PATTERN, fundDecider, fundStreamId, grantCloseOutReport, type GrantCloseOutReport } from '@fund/funds';
import { APP_CONFIG, ApiErrors, EVENT_STORE, RecordAccess, type AppConfig } from '@fund/platform';
import { closeOutDocument } from './close-out-document';
import { statementCsvRows, statementsXlsx } from './statements-document';

const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export class CloseOutQuery {
  @ApiProperty({ pattern: FUND_ID_PATTERN.source, description: 'the grant\'s fund' })
  @Matches(FUND_ID_PATTERN, { message: 'fundId must be a fund slug' })
  readonly fundId!: string;
}

/** A grant's close-out figures (GET /funds/{fundId}/close-out) as a statement file, for staff and auditors. */
@ApiTags('audit ledger')
@ApiBearerAuth()
@Controller('ledger/statements')
export class CloseOutStatementController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private async report(fundId: string): Promise<GrantCloseOutReport> {
    const { state } = await loadStreamState(this.store, fundStreamId(fundId), fundDecider);
    if (state.status !== 'open') throw new DomainError('FUND.NOT_FOUND', 'No fund with this id', { fundId }, 'not_found');
    const report = grantCloseOutReport(state);
    if (!report) throw new DomainError('FUND.NOT_RESTRICTED', 'Only a grant (a fund with restrictions) has close-out figures', { field: 'fundId' });
    return report;
  }

  @Get('close-out.csv')
  @Allow('coordinator', 'auditor')
  @RecordAccess('ledger.statements')
  @ApiOperation({ summary: "Export a grant's close-out as CSV", description: 'One table: budget versus actual per line with what the close-out kept, released and moved, the totals, and the decisions. Amounts in dollars.' })
  @ApiErrors({ 404: [['FUND.NOT_FOUND', 'No fund with this id']], 422: [['FUND.NOT_RESTRICTED', 'Only a grant (a fund with restrictions) has close-out figures']] })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'a CSV attachment', content: { 'text/csv': { schema: { type: 'string' } } } })
  async csv(@Query() q: CloseOutQuery, @Res() res: Response): Promise<void> {
    const doc = closeOutDocument(await this.report(q.fundId), this.config.COALITION_NAME, new Date().toISOString());
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="close-out-${q.fundId}.csv"`);
    res.setHeader('Cache-Control', 'no-store');
    res.send(stringify(statementCsvRows(doc)));
  }

  @Get('close-out.xlsx')
  @Allow('coordinator', 'auditor')
  @RecordAccess('ledger.statements')
  @ApiOperation({ summary: "Export a grant's close-out as XLSX", description: 'One landscape sheet, one page wide, the coalition, the grant and award number, and the period of performance in the page header.' })
  @ApiErrors({ 404: [['FUND.NOT_FOUND', 'No fund with this id']], 422: [['FUND.NOT_RESTRICTED', 'Only a grant (a fund with restrictions) has close-out figures']] })
  @ApiProduces(XLSX_CONTENT_TYPE)
  @ApiOkResponse({ description: 'an XLSX attachment', content: { [XLSX_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } } } })
  async xlsx(@Query() q: CloseOutQuery, @Res() res: Response): Promise<void> {
    const body = await statementsXlsx(closeOutDocument(await this.report(q.fundId), this.config.COALITION_NAME, new Date().toISOString()));
    res.setHeader('Content-Type', XLSX_CONTENT_TYPE);
    res.setHeader('Content-Disposition', `attachment; filename="close-out-${q.fundId}.xlsx"`);
    res.setHeader('Cache-Control', 'no-store');
    res.send(body);
  }
}
