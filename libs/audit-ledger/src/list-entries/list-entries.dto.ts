import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { IsDay, NotBeforeFrom } from '../ledger.period';
import { ACCOUNT_PATTERN } from '../ledger.accounts';

export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 100;

/** Query strings arrive as text; whole numbers become numbers, anything else fails `IsInt`. */
const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value);

/** Fund ids are the coordinator's slugs (libs/funds FUND_ID_PATTERN). */
const FUND_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** What narrows the ledger besides the period, for the list and the exports alike. */
export class LedgerScopeQuery {
  @ApiPropertyOptional({ example: 'general', description: 'entries of this fund' })
  @IsOptional()
  @Matches(FUND_ID, { message: 'fundId must be a fund slug' })
  readonly fundId?: string;

  @ApiPropertyOptional({ example: 'cash:general', description: 'entries with at least one line on this account' })
  @IsOptional()
  @Matches(ACCOUNT_PATTERN, { message: 'account must be an account name like cash:general' })
  readonly account?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'entries of this fund request (reservations, payments, voids, releases, stock handed over)' })
  @IsOptional()
  @IsUUID('all', { message: 'requestId must be a request id (a UUID)' })
  readonly requestId?: string;
}

/** The list's filters: the period is optional. */
export class LedgerFilterQuery extends LedgerScopeQuery {
  @ApiPropertyOptional({ example: '2026-10-01', description: 'first effective date (when the money or goods moved), included' })
  @IsOptional()
  @IsDay()
  readonly from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'last effective date, included' })
  @IsOptional()
  @IsDay()
  @NotBeforeFrom()
  readonly to?: string;
}

export class ListEntriesQuery extends LedgerFilterQuery {
  @ApiPropertyOptional({ default: DEFAULT_PAGE_SIZE, minimum: 1, maximum: MAX_PAGE_SIZE })
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: `limit must be from 1 to ${MAX_PAGE_SIZE}` })
  @Max(MAX_PAGE_SIZE, { message: `limit must be from 1 to ${MAX_PAGE_SIZE}` })
  readonly limit?: number;

  @ApiPropertyOptional({ description: 'the nextAfter of the previous page' })
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'after must be a whole number (an entry seq)' })
  @Min(0, { message: 'after must be a whole number (an entry seq)' })
  readonly after?: number;
}
