import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, Matches, Max, Min, IsOptional } from 'class-validator';
import type { Half, Quarter } from '../periods';
import { MAXIMUM_THRESHOLD } from '../suppression';

/** csv: every table in one file; zip: one CSV per table plus figures.csv (long form); pdf: for boards. */
export const EXPORT_FORMATS = ['csv', 'xlsx', 'zip', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/**
 * Query strings arrive as text: each number is converted, then checked with a message naming it.
 * The floor (REPORT_SUPPRESSION_THRESHOLD, 6 unless the coalition configures otherwise) is
 * checked by the report itself, which names it in the 400.
 */
/** The grant and award number a grants manager prints on an export: letters, digits and a few separators, nothing else. */
const AWARD = /^[A-Za-z0-9][A-Za-z0-9 ./-]{0,59}$/;

export class ThresholdQueryDto {
  @ApiPropertyOptional({
    maximum: MAXIMUM_THRESHOLD,
    description:
      "counts below this are suppressed. Defaults to the coalition's floor (REPORT_SUPPRESSION_THRESHOLD, 6 by default, Maine's rule); a higher threshold may be asked for, a lower one is refused with 400 naming the floor",
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'threshold must be a whole number' })
  @Max(MAXIMUM_THRESHOLD, { message: `threshold must be at most ${MAXIMUM_THRESHOLD}` })
  threshold?: number;
}

/** One federal fiscal year: the annual report's period, and the year of a quarter or of the PMT tables. */
export class FiscalYearQueryDto extends ThresholdQueryDto {
  @ApiProperty({ example: 2027, description: 'federal fiscal year, named after the year it ends in (FY2027 = 2026-10-01 to 2027-09-30)' })
  @Type(() => Number)
  @IsInt({ message: 'fiscalYear must be a whole number like 2027' })
  @Min(2000, { message: 'fiscalYear must be 2000 or later' })
  @Max(2100, { message: 'fiscalYear must be 2100 or earlier' })
  fiscalYear!: number;
}

export class QuarterlyReportQueryDto extends FiscalYearQueryDto {

  @ApiProperty({ enum: [1, 2, 3, 4], description: 'Q1 is October-December' })
  @Type(() => Number)
  @IsIn([1, 2, 3, 4], { message: 'quarter must be 1, 2, 3 or 4' })
  quarter!: Quarter;
}

export class SemiAnnualReportQueryDto extends ThresholdQueryDto {
  @ApiProperty({ example: 2026 })
  @Type(() => Number)
  @IsInt({ message: 'year must be a whole number like 2026' })
  @Min(2000, { message: 'year must be 2000 or later' })
  @Max(2100, { message: 'year must be 2100 or earlier' })
  year!: number;

  @ApiProperty({ enum: [1, 2], description: '1: January-June, 2: July-December' })
  @Type(() => Number)
  @IsIn([1, 2], { message: 'half must be 1 (January-June) or 2 (July-December)' })
  half!: Half;
}

export class AnnualReportQueryDto extends FiscalYearQueryDto {}

export class PmtReportQueryDto extends FiscalYearQueryDto {

  @ApiPropertyOptional({ enum: [1, 2, 3, 4], description: 'Q1 is October-December; absent: the whole fiscal year' })
  @IsOptional()
  @Type(() => Number)
  @IsIn([1, 2, 3, 4], { message: 'quarter must be 1, 2, 3 or 4' })
  quarter?: Quarter;
}

export class FundActivityQueryDto extends ThresholdQueryDto {
  @ApiProperty({
    example: '2026-10-01',
    description: 'first day. Funders: the first day of a fiscal quarter, a calendar half-year or a fiscal year (with `to` its last day), once it is over; coordinators and auditors: any day',
  })
  @Matches(DATE, { message: 'from must be a date like 2026-10-01' })
  from!: string;

  @ApiProperty({ example: '2026-12-31', description: 'last day, included (funders: the last day of the same lattice period)' })
  @Matches(DATE, { message: 'to must be a date like 2026-12-31' })
  to!: string;
}

const format = () =>
  IsIn(EXPORT_FORMATS, { message: `format must be one of: ${EXPORT_FORMATS.join(', ')}` });

/** Printed in the file's header with the coalition's name; never stored. */
const award = () => {
  const decorators = [
    ApiPropertyOptional({ example: 'VOCA 15POVC-26-GG-00123-ASSI', maxLength: 60, description: 'grant and award number to print in the export header (letters, digits, spaces, . / -)' }),
    IsOptional(),
    Matches(AWARD, { message: 'award must be a grant and award number: letters, digits, spaces, . / - (at most 60)' }),
  ];
  return (target: object, key: string) => decorators.forEach((d) => d(target, key));
};

export class QuarterlyExportQueryDto extends QuarterlyReportQueryDto {
  @ApiProperty({ enum: EXPORT_FORMATS })
  @format()
  format!: ExportFormat;

  @award()
  award?: string;
}

export class SemiAnnualExportQueryDto extends SemiAnnualReportQueryDto {
  @ApiProperty({ enum: EXPORT_FORMATS })
  @format()
  format!: ExportFormat;

  @award()
  award?: string;
}

export class AnnualExportQueryDto extends AnnualReportQueryDto {
  @ApiProperty({ enum: EXPORT_FORMATS })
  @format()
  format!: ExportFormat;

  @award()
  award?: string;
}

export class PmtExportQueryDto extends PmtReportQueryDto {
  @ApiProperty({ enum: EXPORT_FORMATS })
  @format()
  format!: ExportFormat;

  @award()
  award?: string;
}

/** The statewide picture: a fiscal quarter, or the fiscal year without `quarter` (the PMT query's fields). */
export class StatewideReportQueryDto extends PmtReportQueryDto {}

export class StatewideExportQueryDto extends PmtExportQueryDto {}

export class FundActivityExportQueryDto extends FundActivityQueryDto {
  @ApiProperty({ enum: EXPORT_FORMATS })
  @format()
  format!: ExportFormat;

  @award()
  award?: string;
}
