import { AsyncLocalStorage } from 'node:async_hooks';
import type { AppendResult, EventStore, LogPosition } from '@fund/event-sourcing';
import { laterPosition } from './position-token';

interface Written {
  last?: LogPosition;
}

const written = new AsyncLocalStorage<Written>();

/** Runs `work` with its own record of what it appends; `positionWritten()` reads it inside. */
export function trackingWrites<T>(work: () => T): T {
  return written.run({}, work);
}

/** The global position of the last event appended so far in this tracked scope, if any. */
export function positionWritten(): LogPosition | undefined {
  return written.getStore()?.last;
}

function note(results: readonly AppendResult[]): void {
  const scope = written.getStore();
  if (!scope) return;
  for (const result of results) scope.last = laterPosition(scope.last, result.lastPosition);
}

/**
 * The store as commands see it: every append is noted in the request's scope, so the response
 * can carry the consistency token of exactly what this request wrote, whichever runner wrote it.
 */
export function trackWrittenPositions(store: EventStore): EventStore {
  const append = store.append.bind(store);
  const appendMany = store.appendMany.bind(store);
  return Object.assign(Object.create(store) as EventStore, {
    append: async (request: Parameters<EventStore['append']>[0]) => {
      const result = await append(request);
      note([result]);
      return result;
    },
    appendMany: async (requests: Parameters<EventStore['appendMany']>[0]) => {
      const results = await appendMany(requests);
      note(results);
      return results;
    },
  });
}
