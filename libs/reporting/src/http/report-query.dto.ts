import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, Matches, Max, Min, IsOptional } from 'class-validator';
import type { Half, Quarter } from '../periods';
import { DEFAULT_THRESHOLD, MAXIMUM_THRESHOLD, MINIMUM_THRESHOLD } from '../suppression';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** Query strings arrive as text: each number is converted, then checked with a message naming it. */
export class ThresholdQueryDto {
  @ApiPropertyOptional({ default: DEFAULT_THRESHOLD, minimum: MINIMUM_THRESHOLD, maximum: MAXIMUM_THRESHOLD, description: 'counts below this are suppressed' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'threshold must be a whole number' })
  @Min(MINIMUM_THRESHOLD, { message: `threshold must be at least ${MINIMUM_THRESHOLD}: smaller counts are never published` })
  @Max(MAXIMUM_THRESHOLD, { message: `threshold must be at most ${MAXIMUM_THRESHOLD}` })
  threshold?: number;
}

export class QuarterlyReportQueryDto extends ThresholdQueryDto {
  @ApiProperty({ example: 2027, description: 'federal fiscal year, named after the year it ends in (FY2027 starts 2026-10-01)' })
  @Type(() => Number)
  @IsInt({ message: 'fiscalYear must be a whole number like 2027' })
  @Min(2000, { message: 'fiscalYear must be 2000 or later' })
  @Max(2100, { message: 'fiscalYear must be 2100 or earlier' })
  fiscalYear!: number;

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

export class FundActivityQueryDto extends ThresholdQueryDto {
  @ApiProperty({ example: '2026-10-01', description: 'the first day of a fiscal quarter' })
  @Matches(DATE, { message: 'from must be a date like 2026-10-01' })
  from!: string;

  @ApiProperty({ example: '2026-12-31', description: 'the last day of a fiscal quarter' })
  @Matches(DATE, { message: 'to must be a date like 2026-12-31' })
  to!: string;
}

const format = () =>
  IsIn(EXPORT_FORMATS, { message: `format must be one of: ${EXPORT_FORMATS.join(', ')}` });

export class QuarterlyExportQueryDto extends QuarterlyReportQueryDto {
  @ApiProperty({ enum: EXPORT_FORMATS })
  @format()
  format!: ExportFormat;
}

export class SemiAnnualExportQueryDto extends SemiAnnualReportQueryDto {
  @ApiProperty({ enum: EXPORT_FORMATS })
  @format()
  format!: ExportFormat;
}

export class FundActivityExportQueryDto extends FundActivityQueryDto {
  @ApiProperty({ enum: EXPORT_FORMATS })
  @format()
  format!: ExportFormat;
}
