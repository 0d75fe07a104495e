import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SURVIVOR_REFERENCE } from '@fund/organizations';
import { EXPENSE_CATEGORIES, SLUG_PATTERN, type ExpenseCategory } from '@fund/protocols';

export const REQUEST_STATUSES = ['submitted', 'info_requested', 'approved', 'disbursed', 'closed', 'denied', 'withdrawn', 'expired'] as const;

export class PageDto {
  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(200, { message: 'limit must be at most 200' })
  limit?: number;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'offset must be a whole number' })
  @Min(0, { message: 'offset must be at least 0' })
  offset?: number;
}

export class MyRequestsQueryDto extends PageDto {
  @ApiPropertyOptional({ enum: REQUEST_STATUSES })
  @IsOptional()
  @IsIn(REQUEST_STATUSES, { message: `status must be one of: ${REQUEST_STATUSES.join(', ')}` })
  status?: (typeof REQUEST_STATUSES)[number];

  @ApiPropertyOptional({ pattern: SURVIVOR_REFERENCE.source, example: 'SR-7KQ4-M2XP-9D3H', description: "only the requests for this survivor reference (the organization's own requests only, like the rest of this list)" })
  @IsOptional()
  @Matches(SURVIVOR_REFERENCE, { message: 'reference must be a survivor reference like SR-7KQ4-M2XP-9D3H' })
  reference?: string;
}

/** Every screen shows a request by the first 8 characters of its id: those, or more, or all of it. */
export class FindRequestsQueryDto extends PageDto {
  @ApiProperty({ description: 'the start of a request id (at least its first 8 hex digits, as screens show it) or the whole id', example: '578b667d', minLength: 8, maxLength: 36 })
  @Matches(/^[0-9a-fA-F]{8}[0-9a-fA-F-]{0,28}$/, { message: 'id must be at least the first 8 characters of a request id, like 578b667d' })
  id!: string;
}

export const QUEUE_SORTS = ['urgency', 'age', 'amount', 'needed_by'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];
const URGENCIES = ['standard', 'urgent', 'emergency'] as const;

/** A work queue narrowed and ordered by its reader: the same rows, never others. */
export class QueueQueryDto extends PageDto {
  @ApiPropertyOptional({ enum: QUEUE_SORTS, description: 'urgency: emergencies, then urgent, then by needed-by day (the council queue\'s default); age: oldest submitted first; amount: largest first; needed_by: soonest first (the payments queue\'s default)' })
  @IsOptional()
  @IsIn(QUEUE_SORTS, { message: `sort must be one of: ${QUEUE_SORTS.join(', ')}` })
  sort?: QueueSort;

  @ApiPropertyOptional({ enum: EXPENSE_CATEGORIES })
  @IsOptional()
  @IsIn(EXPENSE_CATEGORIES, { message: 'category must be an expense category' })
  category?: ExpenseCategory;

  @ApiPropertyOptional({ enum: URGENCIES })
  @IsOptional()
  @IsIn(URGENCIES, { message: `urgency must be one of: ${URGENCIES.join(', ')}` })
  urgency?: (typeof URGENCIES)[number];

  @ApiPropertyOptional({ description: 'the submitting organization', example: 'ssac-portland' })
  @IsOptional()
  @Matches(SLUG_PATTERN, { message: 'organizationId must be 2-63 lowercase letters, digits or dashes' })
  organizationId?: string;

  @ApiPropertyOptional({ enum: ['submitted', 'info_requested', 'approved', 'disbursed'], description: 'within the queue\'s own statuses' })
  @IsOptional()
  @IsIn(['submitted', 'info_requested', 'approved', 'disbursed'], { message: 'status must be one of: submitted, info_requested, approved, disbursed' })
  status?: 'submitted' | 'info_requested' | 'approved' | 'disbursed';
}

/** ORDER BY for each sort, from a fixed list (never from the request). */
export const QUEUE_ORDER: Readonly<Record<QueueSort, string>> = {
  urgency: "(urgency = 'emergency') DESC, (urgency = 'urgent') DESC, needed_by, submitted_at, request_id",
  age: 'submitted_at, request_id',
  amount: 'amount_cents DESC, submitted_at, request_id',
  needed_by: 'needed_by, submitted_at, request_id',
};

/** The filters as SQL conditions from parameter $first on, and their values. */
export function queueFilters(q: QueueQueryDto, first: number): { sql: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  for (const [column, value] of [
    ['category', q.category],
    ['urgency', q.urgency],
    ['organization_id', q.organizationId],
    ['status', q.status],
  ] as const) {
    if (value === undefined) continue;
    params.push(value);
    conditions.push(`${column} = $${first + params.length - 1}`);
  }
  return { sql: conditions.map((c) => ` AND ${c}`).join(''), params };
}
