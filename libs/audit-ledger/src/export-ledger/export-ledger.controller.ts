import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Controller, Get, Logger, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { stringify } from 'csv-stringify';
import type { Response } from 'express';
import { ReadsFrom, RecordAccess } from '@fund/platform';
import { Allow } from '@fund/auth';
import { IsDay, NotBeforeFrom } from '../ledger.period';
import type { StoredLedgerEntry } from '../ledger.canonical';
import { LedgerReader } from '../ledger.reader';
import { CSV_COLUMNS, csvRows, exportFileName, metadataRow, type CsvCell } from './ledger-csv';
import { AUDIT_LEDGER } from '../ledger.migrations';

export class ExportLedgerQuery {
  @ApiProperty({ example: '2026-10-01', description: 'first day (UTC), included' })
  @IsDay()
  readonly from!: string;

  @ApiProperty({ example: '2026-12-31', description: 'last day (UTC), included' })
  @IsDay()
  @NotBeforeFrom()
  readonly to!: string;
}

@ApiTags('audit ledger')
@ApiBearerAuth()
@ReadsFrom(AUDIT_LEDGER)
@Controller('ledger')
export class ExportLedgerController {
  private readonly logger = new Logger('AuditLedgerExport');

  constructor(private readonly ledger: LedgerReader) {}

  @Get('export.csv')
  @Allow('auditor')
  @RecordAccess('ledger.export')
  @ApiOperation({ summary: 'Export the ledger as CSV', description: 'One row per ledger line over a period, for the auditors\' own tools; every export is recorded in the access log.' })
  @ApiOkResponse({ description: 'a CSV attachment: a metadata row, a header row, then one row per ledger line', content: { 'text/csv': { schema: { type: 'string' } } } })
  async export(@Query() q: ExportLedgerQuery, @Res() res: Response): Promise<void> {
    const period = { from: q.from, to: q.to };
    const entries = this.ledger.entriesOf(period);
    // The first page is read before any byte is sent, so a failing database still gets the
    // usual JSON error answer instead of a cut-off file.
    const first = await entries.next();
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${exportFileName(period)}"`);
    res.setHeader('Cache-Control', 'no-store');
    // pipeline destroys the response on a later error, so the download ends visibly incomplete.
    await pipeline(Readable.from(rows(period, first, entries)), stringify(), res).catch((error: unknown) =>
      this.logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'ledger export interrupted'),
    );
  }
}

async function* rows(
  period: { readonly from: string; readonly to: string },
  first: IteratorResult<StoredLedgerEntry>,
  rest: AsyncIterator<StoredLedgerEntry>,
): AsyncGenerator<CsvCell[]> {
  yield metadataRow(period, new Date());
  yield [...CSV_COLUMNS];
  for (let next = first; !next.done; next = await rest.next()) yield* csvRows(next.value);
}
