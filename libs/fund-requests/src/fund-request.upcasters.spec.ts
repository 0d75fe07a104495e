import { UpcasterRegistry } from '@fund/event-sourcing';
import { AGE_BANDS, isMinor } from './vocabulary';
import { FUND_REQUEST_UPCASTERS } from './fund-request.upcasters';

describe('FundRequestSubmitted v1 -> v2: age bands to PMT groups', () => {
  const registry = new UpcasterRegistry(FUND_REQUEST_UPCASTERS);
  const lift = (ageBand: unknown) => registry.upcast('FundRequestSubmitted', 1, { requestId: 'r', demographics: { ageBand, county: 'york' } });

  it('moves each earlier band into the PMT group that contains it, or says minor/adult where it straddles one', () => {
    const cases: [string, string][] = [
      ['under_12', '0_12'],
      ['12_17', 'minor_unbanded'],
      ['18_24', '18_24'],
      ['25_34', '25_59'],
      ['35_49', '25_59'],
      ['50_64', 'adult_unbanded'],
      ['65_plus', '60_plus'],
      ['not_collected', 'not_collected'],
      ['something else', 'not_collected'],
    ];
    for (const [before, after] of cases) {
      const { schemaVersion, data } = lift(before);
      expect(schemaVersion).toBe(2);
      expect(data).toEqual({ requestId: 'r', demographics: { ageBand: after, county: 'york' } });
    }
  });

  it('keeps adult/minor as it was for every earlier band (TIMS counts stay exact)', () => {
    const earlierMinor: Record<string, boolean | null> = { under_12: true, '12_17': true, '18_24': false, '25_34': false, '35_49': false, '50_64': false, '65_plus': false, not_collected: null };
    for (const [band, minor] of Object.entries(earlierMinor)) {
      const lifted = (lift(band).data['demographics'] as { ageBand: Parameters<typeof isMinor>[0] }).ageBand;
      expect(isMinor(lifted)).toBe(minor);
    }
  });

  it('leaves current bands and events without demographics as they are', () => {
    for (const band of AGE_BANDS) expect((lift(band).data['demographics'] as { ageBand: string }).ageBand).toBe(band);
    expect(registry.upcast('FundRequestSubmitted', 1, { requestId: 'r' }).data).toEqual({ requestId: 'r' });
  });
});
