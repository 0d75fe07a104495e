import type { EventStore, LogPosition } from '@fund/event-sourcing';
import { ForesightReplay, type ReplayOptions, type ReplayResult } from './replay';

/** Events read per batch: large enough to keep round trips few, small enough to stream a long log. */
export const REPLAY_BATCH = 2_000;

/**
 * Reads the whole log in global order and replays it; nothing is written. The log from the
 * beginning, because a window's first decisions depend on what came before it (the 12-month
 * caps, receipts due, fund balances).
 */
export async function replayStore(store: EventStore, options: ReplayOptions, batch: number = REPLAY_BATCH): Promise<ReplayResult> {
  const replay = new ForesightReplay(options);
  let after: LogPosition | undefined;
  for (;;) {
    const events = await store.readAll({ ...(after ? { after } : {}), limit: batch });
    for (const event of events) replay.push(event);
    if (events.length < batch) break;
    after = events.at(-1)!.position;
  }
  return replay.finish();
}
