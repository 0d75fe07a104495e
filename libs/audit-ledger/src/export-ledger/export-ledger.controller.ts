import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Controller, Get, Logger, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiTags } from '@nestjs/swagger';
import { stringify } from 'csv-stringify';
import type { Response } from 'express';
import { ReadsFrom, RecordAccess } from '@fund/platform';
import { Allow } from '@fund/auth';
import { IsDay, NotBeforeFrom } from '../ledger.period';
import type { StoredLedgerEntry } from '../ledger.canonical';
import { LedgerReader } from '../ledger.reader';
import { LedgerScopeQuery } from '../list-entries/list-entries.dto';
import { CSV_COLUMNS, csvRows, describeFilters, exportFileName, type CsvCell, type ExportAbout, type LedgerExportFilter } from './ledger-csv';
import { writeLedgerXlsx, XLSX_CONTENT_TYPE } from './ledger-xlsx';
import { AUDIT_LEDGER } from '../ledger.migrations';

/** An export names its period: effective dates, both required, so a file always says what it covers. */
export class ExportLedgerQuery extends LedgerScopeQuery {
  @ApiProperty({ example: '2026-10-01', description: 'first effective date (when the money or goods moved), included' })
  @IsDay()
  readonly from!: string;

  @ApiProperty({ example: '2026-12-31', description: 'last effective date, included' })
  @IsDay()
  @NotBeforeFrom()
  readonly to!: string;
}

/** The response headers that describe a CSV export; the workbook's About sheet says the same. */
export const EXPORT_HEADERS = {
  generatedAt: 'X-Ledger-Generated-At',
  filters: 'X-Ledger-Filters',
  headSeq: 'X-Ledger-Chain-Head-Seq',
  headHash: 'X-Ledger-Chain-Head-Hash',
} as const;

const describedHeaders = {
  [EXPORT_HEADERS.generatedAt]: { description: 'when the export was made (ISO instant, UTC)', schema: { type: 'string', format: 'date-time' } },
  [EXPORT_HEADERS.filters]: { description: 'the filters applied, name=value separated by "; "', schema: { type: 'string' } },
  [EXPORT_HEADERS.headSeq]: { description: 'seq of the last entry of the chain when the export was made (absent on an empty ledger); nothing after it is in the file', schema: { type: 'integer' } },
  [EXPORT_HEADERS.headHash]: { description: 'hash of that entry: record it in the working papers and compare with GET /ledger/verify', schema: { type: 'string' } },
} as const;

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
  @ApiOperation({
    summary: 'Export the ledger as CSV',
    description:
      'One clean table for the auditors\' own tools: exactly one header row, then one row per ledger line, filtered by effective date, fund, ' +
      'account or request. What the file is (filters, generation time, head of the chain) is in the response headers, never in the table; ' +
      'the XLSX export carries the same on its About sheet. Every export is recorded in the access log.',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: `a CSV attachment: the header row (${CSV_COLUMNS.length} columns), then one row per ledger line`, headers: describedHeaders, content: { 'text/csv': { schema: { type: 'string' } } } })
  async exportCsv(@Query() q: ExportLedgerQuery, @Res() res: Response): Promise<void> {
    const { about, first, rest } = await this.open(q);
    this.describe(res, about, 'text/csv; charset=utf-8', exportFileName(about.filters, 'csv'));
    // pipeline destroys the response on a later error, so the download ends visibly incomplete.
    await this.send(Readable.from(csvTable(first, rest)).pipe(stringify()), res);
  }

  @Get('export.xlsx')
  @Allow('auditor')
  @RecordAccess('ledger.export')
  @ApiOperation({
    summary: 'Export the ledger as XLSX',
    description:
      'The same rows as the CSV in a workbook: an About sheet (filters, generation time, head of the chain) and a Ledger sheet with its header ' +
      'row frozen, amounts as dollars with a currency format, printed landscape, one page wide, the header repeated on every page. ' +
      'Every export is recorded in the access log.',
  })
  @ApiProduces(XLSX_CONTENT_TYPE)
  @ApiOkResponse({ description: 'an XLSX attachment', headers: describedHeaders, content: { [XLSX_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } } } })
  async exportXlsx(@Query() q: ExportLedgerQuery, @Res() res: Response): Promise<void> {
    const { about, first, rest } = await this.open(q);
    this.describe(res, about, XLSX_CONTENT_TYPE, exportFileName(about.filters, 'xlsx'));
    await writeLedgerXlsx(about, withFirst(first, rest), res).catch((error: unknown) => {
      this.logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'ledger export interrupted');
      res.destroy();
    });
  }

  /**
   * The head of the chain first, then the first page, both before any byte is sent: a failing
   * database still gets the usual JSON error, and the file holds nothing after the head it states.
   */
  private async open(q: ExportLedgerQuery) {
    const filters: LedgerExportFilter = {
      from: q.from,
      to: q.to,
      ...(q.fundId ? { fundId: q.fundId } : {}),
      ...(q.account ? { account: q.account } : {}),
      ...(q.requestId ? { requestId: q.requestId } : {}),
    };
    const head = await this.ledger.head();
    const rest = this.ledger.entriesOf({ ...filters, maxSeq: head?.seq ?? 0 });
    const first = await rest.next();
    const about: ExportAbout = { generatedAt: new Date().toISOString(), filters, headSeq: head?.seq ?? null, headHash: head?.hash ?? null };
    return { about, first, rest };
  }

  private describe(res: Response, about: ExportAbout, contentType: string, fileName: string): void {
    res.setHeader('Content-Type', contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader(EXPORT_HEADERS.generatedAt, about.generatedAt);
    res.setHeader(EXPORT_HEADERS.filters, describeFilters(about.filters));
    if (about.headSeq !== null && about.headHash !== null) {
      res.setHeader(EXPORT_HEADERS.headSeq, String(about.headSeq));
      res.setHeader(EXPORT_HEADERS.headHash, about.headHash);
    }
    res.setHeader('Access-Control-Expose-Headers', Object.values(EXPORT_HEADERS).join(', '));
  }

  private async send(source: Readable, res: Writable): Promise<void> {
    await pipeline(source, res).catch((error: unknown) =>
      this.logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'ledger export interrupted'),
    );
  }
}

async function* withFirst(first: IteratorResult<StoredLedgerEntry>, rest: AsyncIterator<StoredLedgerEntry>): AsyncGenerator<StoredLedgerEntry> {
  for (let next = first; !next.done; next = await rest.next()) yield next.value;
}

async function* csvTable(first: IteratorResult<StoredLedgerEntry>, rest: AsyncIterator<StoredLedgerEntry>): AsyncGenerator<CsvCell[]> {
  yield [...CSV_COLUMNS];
  for await (const entry of withFirst(first, rest)) yield* csvRows(entry);
}
