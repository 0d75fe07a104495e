import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

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
}

/** Every screen shows a request by the first 8 characters of its id: those, or more, or all of it. */
export class FindRequestsQueryDto extends PageDto {
  @ApiProperty({ description: 'the start of a request id (at least its first 8 hex digits, as screens show it) or the whole id', example: '578b667d', minLength: 8, maxLength: 36 })
  @Matches(/^[0-9a-fA-F]{8}[0-9a-fA-F-]{0,28}$/, { message: 'id must be at least the first 8 characters of a request id, like 578b667d' })
  id!: string;
}
