import { DEMO_PROTOCOL_RULES } from '@fund/protocols';
import { replayInputsHash } from './inputs-hash';

describe('replay inputs hash', () => {
  const inputs = { version: '2027-1', rules: DEMO_PROTOCOL_RULES, window: { from: '2025-12-07', to: '2026-12-06' }, throughPosition: 4_211 };

  it('is the same for the same inputs, whatever order their keys were written in', () => {
    const reordered = { throughPosition: 4_211, window: { to: '2026-12-06', from: '2025-12-07' }, rules: { ...DEMO_PROTOCOL_RULES }, version: '2027-1' };
    expect(replayInputsHash(reordered)).toBe(replayInputsHash(inputs));
    expect(replayInputsHash(inputs)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes with the rules, the window and the log read', () => {
    const base = replayInputsHash(inputs);
    expect(replayInputsHash({ ...inputs, rules: { ...DEMO_PROTOCOL_RULES, capPerRequestCents: 40_000 } })).not.toBe(base);
    expect(replayInputsHash({ ...inputs, window: { from: '2025-12-08', to: '2026-12-06' } })).not.toBe(base);
    expect(replayInputsHash({ ...inputs, throughPosition: 4_212 })).not.toBe(base);
  });
});
