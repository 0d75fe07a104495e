import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { HUMAN_ROLES } from '@fund/auth';
import type { Role } from '@fund/event-sourcing';

export class ListPeopleDto {
  @ApiPropertyOptional({ enum: HUMAN_ROLES })
  @IsOptional()
  @IsIn(HUMAN_ROLES, { message: `role must be one of: ${HUMAN_ROLES.join(', ')}` })
  role?: Role;

  @ApiPropertyOptional({ example: 'org-a' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:@|-]{0,127}$/, { message: 'organizationId must be an organization id' })
  organizationId?: string;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number from 1 to 200' })
  @Min(1, { message: 'limit must be a whole number from 1 to 200' })
  @Max(200, { message: 'limit must be a whole number from 1 to 200' })
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'offset must be a whole number, 0 or more' })
  @Min(0, { message: 'offset must be a whole number, 0 or more' })
  offset?: number;
}
