import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, ValidateBy, type ValidationOptions } from 'class-validator';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day written `YYYY-MM-DD` (2026-02-30 is refused, not rolled over). */
export function isDay(value: unknown): value is string {
  if (typeof value !== 'string' || !DAY.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

export function IsDay(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    { name: 'isDay', validator: { validate: isDay, defaultMessage: (args) => `${args?.property ?? 'value'} must be a date like 2026-10-01` } },
    options,
  );
}

/** On `to`: the period may not end before it starts (days compare as text in this format). */
export function NotBeforeFrom(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'notBeforeFrom',
      validator: {
        validate: (value, args) => {
          const from = (args?.object as { from?: unknown } | undefined)?.from;
          return !isDay(from) || !isDay(value) || value >= from;
        },
        defaultMessage: () => 'to must not be before from',
      },
    },
    options,
  );
}

/** An optional period of whole UTC days, both ends included. */
export class OptionalPeriodQuery {
  @ApiPropertyOptional({ example: '2026-10-01', description: 'first day (UTC), included' })
  @IsOptional()
  @IsDay()
  readonly from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'last day (UTC), included' })
  @IsOptional()
  @IsDay()
  @NotBeforeFrom()
  readonly to?: string;
}
