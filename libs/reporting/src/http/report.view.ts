import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { FundActivityStatement, StatementLine } from '../fund-activity';
import type { Period } from '../periods';
import type { FunderReport, Heading, ReportCell, ReportRow, ReportTable } from '../report-model';

export class ReportPeriodView implements Period {
  @ApiProperty({ enum: ['fiscal_quarter', 'semi_annual', 'fiscal_year', 'custom'] }) readonly kind!: Period['kind'];
  @ApiProperty({ example: 'FY2027 Q1' }) readonly label!: string;
  @ApiProperty({ format: 'date', description: 'first day, included' }) readonly start!: string;
  @ApiProperty({ format: 'date', description: 'last day, included' }) readonly end!: string;
}

/** A published number pair; null is hidden (small-cell suppression) or not applicable. */
export class ReportCellView implements ReportCell {
  @ApiProperty({ type: 'integer', nullable: true }) readonly count!: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) readonly amountCents!: number | null;
  @ApiPropertyOptional({ type: 'number', nullable: true, description: 'timeliness tables only: the median in days, hidden with its count' }) readonly medianDays?: number | null;
  @ApiProperty() readonly suppressed!: boolean;
}

export class ReportHeadingView implements Heading {
  @ApiProperty({ example: 'groceries' }) readonly key!: string;
  @ApiProperty({ example: 'Groceries' }) readonly label!: string;
}

export class ReportRowView implements ReportRow {
  @ApiProperty() readonly key!: string;
  @ApiProperty() readonly label!: string;
  @ApiProperty({ type: [ReportCellView] }) readonly cells!: readonly ReportCellView[];
  @ApiProperty({ type: ReportCellView, nullable: true }) readonly total!: ReportCellView | null;
}

/** One published table: every count and amount in it has been through suppression. */
export class ReportTableView implements ReportTable {
  @ApiProperty({ example: 'disbursements_by_category_payment_method' }) readonly name!: string;
  @ApiProperty() readonly title!: string;
  @ApiProperty() readonly description!: string;
  @ApiProperty() readonly rowHeading!: string;
  @ApiProperty() readonly columnHeading!: string;
  @ApiProperty({ example: 'payments', description: 'what a count counts' }) readonly countOf!: string;
  @ApiProperty({ type: 'string', nullable: true, description: 'what an amount is; null when the table has counts only' }) readonly amountOf!: string | null;
  @ApiProperty() readonly hasMedians!: boolean;
  @ApiProperty({ type: [ReportHeadingView] }) readonly columns!: readonly ReportHeadingView[];
  @ApiProperty({ type: [ReportRowView] }) readonly rows!: readonly ReportRowView[];
  @ApiProperty({ type: [ReportCellView], nullable: true }) readonly columnTotals!: readonly ReportCellView[] | null;
  @ApiProperty({ type: ReportCellView, nullable: true }) readonly grandTotal!: ReportCellView | null;
}

/** An anonymized aggregate report: what funders may see, and all they may see. */
export class FunderReportView implements FunderReport {
  @ApiProperty({ enum: ['quarterly', 'semi_annual', 'annual', 'pmt', 'tims', 'statewide'], description: 'pmt, tims: the federal tables, chosen from the quarterly, annual or semi-annual report; statewide: the Provider Council\'s picture of need, from the quarterly or annual report' }) readonly report!: FunderReport['report'];
  @ApiProperty() readonly title!: string;
  @ApiProperty({ type: ReportPeriodView }) readonly period!: ReportPeriodView;
  @ApiProperty({ type: 'integer', description: 'the small-cell suppression threshold' }) readonly threshold!: number;
  @ApiProperty({ format: 'date-time' }) readonly generatedAt!: string;
  @ApiProperty({ type: [String] }) readonly notes!: readonly string[];
  @ApiProperty({ type: [ReportTableView] }) readonly tables!: readonly ReportTableView[];
}

export class StatementLineView implements StatementLine {
  @ApiProperty() readonly key!: string;
  @ApiProperty() readonly label!: string;
  @ApiProperty({ type: 'integer', nullable: true, description: 'how many donations or payments (units, for in-kind lines of a funder statement); null where suppressed' }) readonly count!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'null where suppressed (funder statements only)' }) readonly amountCents!: number | null;
}

export class InKindActivityView {
  @ApiProperty({ type: [StatementLineView] }) readonly received!: readonly StatementLineView[];
  @ApiProperty({ type: 'integer', nullable: true }) readonly receivedCents!: number | null;
  @ApiProperty({ type: [StatementLineView] }) readonly distributed!: readonly StatementLineView[];
  @ApiProperty({ type: 'integer', nullable: true }) readonly distributedCents!: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) readonly writtenOffCents!: number | null;
}

const SUPPRESSED_OR_INTERNAL = 'null where suppressed, and always null in a funder statement (balances are internal: two of them give a period\'s net flow)';

/** Money in and out of all funds over a period; small lines are suppressed or combined, and it still adds up. */
export class FundActivityStatementView implements FundActivityStatement {
  @ApiProperty({ enum: ['fund_activity'] }) readonly report!: 'fund_activity';
  @ApiProperty({ enum: ['funder', 'internal'], description: 'funder: one closed period of the lattice, every figure from its funder report; internal: any range of days, with balances' })
  readonly audience!: 'funder' | 'internal';
  @ApiProperty() readonly title!: string;
  @ApiProperty({ type: ReportPeriodView }) readonly period!: ReportPeriodView;
  @ApiProperty({ type: 'integer' }) readonly threshold!: number;
  @ApiProperty({ format: 'date-time' }) readonly generatedAt!: string;
  @ApiProperty({ type: [String] }) readonly notes!: readonly string[];
  @ApiProperty({ type: 'integer', nullable: true, description: SUPPRESSED_OR_INTERNAL }) readonly openingBalanceCents!: number | null;
  @ApiProperty({ type: [StatementLineView] }) readonly donations!: readonly StatementLineView[];
  @ApiProperty({ type: 'integer', nullable: true, description: 'null where suppressed' }) readonly donationsCents!: number | null;
  @ApiProperty({ type: [StatementLineView] }) readonly disbursements!: readonly StatementLineView[];
  @ApiProperty({ type: 'integer', nullable: true, description: 'null where suppressed' }) readonly disbursementsCents!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: SUPPRESSED_OR_INTERNAL }) readonly voidsReturnedCents!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: SUPPRESSED_OR_INTERNAL }) readonly closingBalanceCents!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: SUPPRESSED_OR_INTERNAL }) readonly commitmentsOutstandingCents!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: SUPPRESSED_OR_INTERNAL }) readonly availableCents!: number | null;
  @ApiProperty({ type: InKindActivityView, description: 'memo: goods and cards, valued, outside the money balance' }) readonly inKind!: InKindActivityView;
}
