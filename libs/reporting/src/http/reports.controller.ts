import { Controller, Get, Header, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor, SqlDatabase } from '@fund/event-sourcing';
import { Allow, CurrentActor } from '@fund/auth';
import { APP_CONFIG, READ_DATABASE, ReadsFrom, RecordAccess, type AppConfig } from '@fund/platform';
import { CSV_CONTENT_TYPE, writeCsv } from '../exports/csv-export';
import { reportDocument, statementDocument, type ExportDocument, type Publisher } from '../exports/export-document';
import { XLSX_CONTENT_TYPE, writeXlsx } from '../exports/xlsx-export';
import { ZIP_CONTENT_TYPE, writeZip } from '../exports/zip-export';
import { PDF_CONTENT_TYPE, writePdf } from '../exports/pdf-export';
import { fundActivityStatement } from '../fund-activity';
import { annualReport, pmtReport, quarterlyReport, semiAnnualReport, timsReport, type Audience } from '../reports';
import {
  AnnualExportQueryDto,
  AnnualReportQueryDto,
  FundActivityExportQueryDto,
  FundActivityQueryDto,
  PmtExportQueryDto,
  PmtReportQueryDto,
  QuarterlyExportQueryDto,
  QuarterlyReportQueryDto,
  SemiAnnualExportQueryDto,
  SemiAnnualReportQueryDto,
  StatewideExportQueryDto,
  StatewideReportQueryDto,
  type ExportFormat,
} from './report-query.dto';
import { FundActivityStatementView, FunderReportView } from './report.view';
import { REPORTING } from '../reporting.projection';
import { statewideReport } from '../statewide';

/** The export routes answer a file in the format asked for; errors are still JSON. */
const EXPORT_FILE = {
  description: 'an attachment in the format asked for (`format`)',
  content: {
    'text/csv': { schema: { type: 'string' } },
    [XLSX_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } },
    [ZIP_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } },
    [PDF_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } },
  },
};

const EXPORT_DESCRIPTION =
  'The same published figures as a file: `csv` every table in one file; `zip` one CSV per table, figures.csv (every figure in long form, suppressed ones marked) and about.csv; `xlsx` a workbook set up to print (landscape, one page wide, titles and header rows repeated, coalition, award, period and threshold in the page header); `pdf` the same for a board. `award` is printed in the header. Every export is recorded in the access log.';

const FUNDER_RULES =
  "Funders see closed periods of the lattice only (fiscal quarters, calendar halves, fiscal years: 400 `closedPeriod` otherwise), at the coalition's floor threshold or higher (400 `coalitionFloor` below it); coordinators and auditors also the period in progress.";

/**
 * Anonymized aggregate reports: what funders may see, and all they may see. Every table has
 * been through linked small-cell suppression before it reaches a route; exports are built from
 * the same published report, so a file never holds more than the JSON.
 */
@ApiTags('reports')
@ApiBearerAuth()
@ReadsFrom(REPORTING)
@Controller('reports')
export class ReportsController {
  constructor(
    @Inject(READ_DATABASE) private readonly db: SqlDatabase,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Funders get the funder-facing rules, and so do council members (member agencies' staff, who
   * see other agencies only through the statewide aggregates); coordinators and auditors are
   * internal readers.
   */
  private publisher(query: { readonly award?: string }): Publisher {
    return { coalition: this.config.COALITION_NAME, award: query.award ?? null };
  }

  private audience(actor: Actor): Audience {
    return { funderFacing: actor.role === 'funder' || actor.role === 'council', floor: this.config.REPORT_SUPPRESSION_THRESHOLD };
  }

  @Get('quarterly')
  @Allow('funder', 'coordinator', 'auditor')
  @ApiOperation({ summary: 'Quarterly report to funders', description: `Anonymized aggregate tables for a fiscal quarter, after small-cell suppression. ${FUNDER_RULES}` })
  @ApiOkResponse({ type: FunderReportView })
  @Header('Cache-Control', 'no-store')
  quarterly(@Query() query: QuarterlyReportQueryDto, @CurrentActor() actor: Actor): Promise<FunderReportView> {
    return quarterlyReport(this.db, query, this.audience(actor));
  }

  @Get('quarterly/export')
  @Allow('funder', 'coordinator', 'auditor')
  @ApiOperation({ summary: 'Export the quarterly report', description: EXPORT_DESCRIPTION })
  @RecordAccess('reports.quarterly.export')
  @ApiOkResponse(EXPORT_FILE)
  async quarterlyExport(@Query() query: QuarterlyExportQueryDto, @CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    await send(res, reportDocument(await quarterlyReport(this.db, query, this.audience(actor)), this.publisher(query)), query.format);
  }

  @Get('semi-annual')
  @Allow('funder', 'coordinator', 'auditor')
  @ApiOperation({ summary: 'Semi-annual report to funders', description: `Anonymized aggregate tables for a calendar half-year (TIMS), after small-cell suppression; a figure is shown only where both its quarters show it. ${FUNDER_RULES}` })
  @ApiOkResponse({ type: FunderReportView })
  @Header('Cache-Control', 'no-store')
  semiAnnual(@Query() query: SemiAnnualReportQueryDto, @CurrentActor() actor: Actor): Promise<FunderReportView> {
    return semiAnnualReport(this.db, query, this.audience(actor));
  }

  @Get('semi-annual/export')
  @Allow('funder', 'coordinator', 'auditor')
  @ApiOperation({ summary: 'Export the semi-annual report', description: EXPORT_DESCRIPTION })
  @RecordAccess('reports.semi-annual.export')
  @ApiOkResponse(EXPORT_FILE)
  async semiAnnualExport(@Query() query: SemiAnnualExportQueryDto, @CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    await send(res, reportDocument(await semiAnnualReport(this.db, query, this.audience(actor)), this.publisher(query)), query.format);
  }

  @Get('annual')
  @Allow('funder', 'coordinator', 'auditor')
  @ApiOperation({
    summary: 'Annual report to funders',
    description: `Anonymized aggregate tables for a federal fiscal year, after small-cell suppression; a figure is shown only where all four of its quarters show it. ${FUNDER_RULES}`,
  })
  @ApiOkResponse({ type: FunderReportView })
  @Header('Cache-Control', 'no-store')
  annual(@Query() query: AnnualReportQueryDto, @CurrentActor() actor: Actor): Promise<FunderReportView> {
    return annualReport(this.db, query, this.audience(actor));
  }

  @Get('annual/export')
  @Allow('funder', 'coordinator', 'auditor')
  @ApiOperation({ summary: 'Export the annual report', description: EXPORT_DESCRIPTION })
  @RecordAccess('reports.annual.export')
  @ApiOkResponse(EXPORT_FILE)
  async annualExport(@Query() query: AnnualExportQueryDto, @CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    await send(res, reportDocument(await annualReport(this.db, query, this.audience(actor)), this.publisher(query)), query.format);
  }

  @Get('pmt')
  @Allow('funder', 'coordinator', 'auditor')
  @ApiOperation({
    summary: 'OVC PMT tables',
    description: `The federal tables for OVC's Performance Measurement Tool (VOCA victim assistance) for a fiscal quarter, or a fiscal year without \`quarter\`: individuals served new and continuing, the demographics of new individuals, services by times provided. The same tables and suppression as the quarterly or annual report (docs/reporting.md). ${FUNDER_RULES}`,
  })
  @ApiOkResponse({ type: FunderReportView })
  @Header('Cache-Control', 'no-store')
  pmt(@Query() query: PmtReportQueryDto, @CurrentActor() actor: Actor): Promise<FunderReportView> {
    return pmtReport(this.db, query, this.audience(actor));
  }

  @Get('pmt/export')
  @Allow('funder', 'coordinator', 'auditor')
  @ApiOperation({ summary: 'Export the OVC PMT tables', description: EXPORT_DESCRIPTION })
  @RecordAccess('reports.pmt.export')
  @ApiOkResponse(EXPORT_FILE)
  async pmtExport(@Query() query: PmtExportQueryDto, @CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    await send(res, reportDocument(await pmtReport(this.db, query, this.audience(actor)), this.publisher(query)), query.format);
  }

  @Get('tims')
  @Allow('funder', 'coordinator', 'auditor')
  @ApiOperation({
    summary: 'OVC TIMS tables',
    description: `The federal tables for OVC's Trafficking Information Management System for a calendar half-year: clients and new clients, adult/minor, type of trafficking, gender, citizenship group, services. The same tables and suppression as the semi-annual report (docs/reporting.md). ${FUNDER_RULES}`,
  })
  @ApiOkResponse({ type: FunderReportView })
  @Header('Cache-Control', 'no-store')
  tims(@Query() query: SemiAnnualReportQueryDto, @CurrentActor() actor: Actor): Promise<FunderReportView> {
    return timsReport(this.db, query, this.audience(actor));
  }

  @Get('tims/export')
  @Allow('funder', 'coordinator', 'auditor')
  @ApiOperation({ summary: 'Export the OVC TIMS tables', description: EXPORT_DESCRIPTION })
  @RecordAccess('reports.tims.export')
  @ApiOkResponse(EXPORT_FILE)
  async timsExport(@Query() query: SemiAnnualExportQueryDto, @CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    await send(res, reportDocument(await timsReport(this.db, query, this.audience(actor)), this.publisher(query)), query.format);
  }

  @Get('statewide')
  @Allow('council', 'coordinator')
  @ApiOperation({
    summary: 'Statewide picture of need',
    description: `For the Provider Council and coordinators: need across member agencies for a fiscal quarter, or a fiscal year without \`quarter\` (with its quarters side by side): requests, approvals, denials and unmet need by county and by expense category, and time to decision. Every figure is a figure of the quarterly or annual report, through the same suppression; no agency's own rows. Council members read it as funders do: closed periods only (400 \`closedPeriod\`), at the coalition's floor or higher (400 \`coalitionFloor\`); coordinators also the period in progress.`,
  })
  @ApiOkResponse({ type: FunderReportView })
  @Header('Cache-Control', 'no-store')
  statewide(@Query() query: StatewideReportQueryDto, @CurrentActor() actor: Actor): Promise<FunderReportView> {
    return statewideReport(this.db, query, this.audience(actor));
  }

  @Get('statewide/export')
  @Allow('council', 'coordinator')
  @ApiOperation({ summary: 'Export the statewide picture of need', description: EXPORT_DESCRIPTION })
  @RecordAccess('reports.statewide.export')
  @ApiOkResponse(EXPORT_FILE)
  async statewideExport(@Query() query: StatewideExportQueryDto, @CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    await send(res, reportDocument(await statewideReport(this.db, query, this.audience(actor)), this.publisher(query)), query.format);
  }

  @Get('fund-activity')
  @Allow('funder', 'coordinator', 'auditor')
  @ApiOperation({
    summary: 'Fund activity statement',
    description:
      "Money in and out of all funds over a period, with in-kind goods as a memo. Funders: one closed period of the lattice (400 `publishablePeriod` for any other range), every figure from that period's funder report, no balances. Coordinators and auditors: any range of days, with balances.",
  })
  @ApiOkResponse({ type: FundActivityStatementView })
  @Header('Cache-Control', 'no-store')
  fundActivity(@Query() query: FundActivityQueryDto, @CurrentActor() actor: Actor): Promise<FundActivityStatementView> {
    return fundActivityStatement(this.db, query, this.audience(actor));
  }

  @Get('fund-activity/export')
  @Allow('funder', 'coordinator', 'auditor')
  @ApiOperation({ summary: 'Export the fund activity statement', description: EXPORT_DESCRIPTION })
  @RecordAccess('reports.fund-activity.export')
  @ApiOkResponse(EXPORT_FILE)
  async fundActivityExport(@Query() query: FundActivityExportQueryDto, @CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    await send(res, statementDocument(await fundActivityStatement(this.db, query, this.audience(actor)), this.publisher(query)), query.format);
  }
}

/**
 * Streams the file. Everything that can be refused (validation, periods) happened before the
 * first byte, so errors still get the JSON error body; a failure mid-stream can only cut the
 * connection, which the client sees as an incomplete download rather than a broken file.
 */
async function send(res: Response, doc: ExportDocument, format: ExportFormat): Promise<void> {
  const writer = WRITERS[format];
  res.status(200);
  res.setHeader('Content-Type', writer.contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${doc.filename}.${format}"`);
  res.setHeader('Cache-Control', 'no-store');
  await writer.write(doc, res).catch((error: unknown) => {
    res.destroy(error instanceof Error ? error : undefined);
  });
}

const WRITERS: Readonly<Record<ExportFormat, { contentType: string; write: (doc: ExportDocument, out: Response) => Promise<void> }>> = {
  csv: { contentType: CSV_CONTENT_TYPE, write: writeCsv },
  xlsx: { contentType: XLSX_CONTENT_TYPE, write: writeXlsx },
  zip: { contentType: ZIP_CONTENT_TYPE, write: writeZip },
  pdf: { contentType: PDF_CONTENT_TYPE, write: writePdf },
};
