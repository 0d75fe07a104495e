import { cpuBetween, parsePhases, percentile, phasesBetween, summarize } from './open-loop-stats';

describe('open-loop figures', () => {
  it('takes nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(sorted, 50), percentile(sorted, 99), percentile(sorted, 100)]).toEqual([50, 99, 100]);
  });

  it('counts latency from the intended time and errors by status', () => {
    const s = summarize(
      [
        { latency: 30, service: 5, status: 201 },
        { latency: 10, service: 10, status: 201 },
        { latency: 20, service: 2, status: 409 },
        { latency: 40, service: 40, status: 0 },
      ],
      2,
    );
    expect(s).toMatchObject({ count: 4, ok: 2, perSecond: 1, p50: 20, max: 40, serviceP50: 5, errors: { '409': 1, '0': 1 } });
  });

  it('turns two /metrics scrapes into mean ms per route and phase', () => {
    const scrape = (sum: number, count: number, loads: number) =>
      [
        `command_phase_duration_seconds_sum{route="/fund-requests",phase="load"} ${sum}`,
        `command_phase_duration_seconds_count{route="/fund-requests",phase="load"} ${count}`,
        `command_phase_duration_seconds_sum{route="/fund-requests",phase="total"} ${sum * 2}`,
        `command_phase_duration_seconds_count{route="/fund-requests",phase="total"} ${count}`,
        `command_stream_loads_sum{route="/fund-requests"} ${loads}`,
        `command_stream_loads_count{route="/fund-requests"} ${count}`,
        `process_cpu_seconds_total ${sum * 3}`,
      ].join('\n');
    const phases = phasesBetween([parsePhases(scrape(1, 10, 40))], [parsePhases(scrape(1.5, 20, 80))]);
    expect(phases['/fund-requests']!.count).toBe(10);
    expect(phases['/fund-requests']!.mean.load).toBeCloseTo(50);
    expect(phases['/fund-requests']!.mean.total).toBeCloseTo(100);
    expect(phases['/fund-requests']!.mean.loads).toBeCloseTo(4);
    expect(cpuBetween([parsePhases(scrape(1, 10, 40))], [parsePhases(scrape(1.5, 20, 80))])).toBeCloseTo(1.5);
  });
});
