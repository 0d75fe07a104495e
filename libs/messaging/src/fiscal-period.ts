import { fiscalQuarterOf } from '@fund/reporting';
import type { FiscalPeriod } from './integration-events';

/**
 * The federal fiscal quarter of a UTC day (`YYYY-MM-DD`), Oct-Dec = Q1. Delegates to the
 * reporting views' own rule, so a consumer's totals per quarter agree with the grant exports.
 */
export function fiscalPeriodOf(day: string): FiscalPeriod {
  const { fiscalYear, quarter } = fiscalQuarterOf(day);
  return { fiscalYear, fiscalQuarter: quarter };
}
