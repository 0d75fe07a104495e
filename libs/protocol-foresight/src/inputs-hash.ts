import { createHash } from 'node:crypto';
import type { ProtocolRules } from '@fund/protocols';

export interface ReplayInputs {
  readonly version: string;
  readonly rules: ProtocolRules;
  /** Days, `YYYY-MM-DD`, both included. */
  readonly window: { readonly from: string; readonly to: string };
  /** The last global position the replay read: the same inputs over the same log give the same replay. */
  readonly throughPosition: number;
}

/** Keys sorted at every level, so the hash does not depend on the order a body was written in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Names one replay: what a council vote records as the replay its member saw. */
export function replayInputsHash(inputs: ReplayInputs): string {
  return createHash('sha256').update(canonical(inputs)).digest('hex');
}
