import type { Upcaster } from '@fund/event-sourcing';
import { currentAgeBand } from './vocabulary';

/**
 * FundRequestSubmitted v1 -> v2: the age band moves to OVC PMT's groups (issue 17,
 * docs/reporting.md). Bands that fall wholly inside one PMT group move into it; the two that
 * straddle a boundary (12-17, 50-64) become `minor_unbanded` / `adult_unbanded`, which is all
 * that is known. Current codes pass through unchanged, so the step is safe on any data.
 */
export const ageBandUpcaster: Upcaster = {
  type: 'FundRequestSubmitted',
  fromVersion: 1,
  upcast(data) {
    const demographics = data['demographics'];
    if (!demographics || typeof demographics !== 'object') return data;
    const d = demographics as Record<string, unknown>;
    return { ...data, demographics: { ...d, ageBand: currentAgeBand(d['ageBand']) } };
  },
};

export const FUND_REQUEST_UPCASTERS: readonly Upcaster[] = [ageBandUpcaster];
