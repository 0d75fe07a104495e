import type { CommandContext, DomainEvent, EventToAppend, RecordedEvent } from './event';
import type { EventStore } from './event-store';
import { ConcurrencyError } from './errors';
import { asArray, type Decider } from './decider';
import { eventIdFor } from './event-ids';
import { backoff } from './backoff';
import { loadStreamState } from './stream-state-cache';

export interface EventMetaOptions {
  /** Current schema version per event type; 1 when absent. */
  readonly schemaVersions?: Readonly<Record<string, number>>;
  /** The council protocol version a decision was made under. */
  readonly protocolVersion?: string;
}

export function toEventsToAppend<E extends DomainEvent>(
  events: readonly E[],
  context: CommandContext,
  scope: string,
  options: EventMetaOptions = {},
): EventToAppend<E>[] {
  return events.map((event, index) => ({
    type: event.type,
    data: event.data,
    metadata: {
      eventId: eventIdFor(context.idempotencyKey, scope, index),
      schemaVersion: options.schemaVersions?.[event.type] ?? 1,
      occurredAt: context.now.toISOString(),
      actor: context.actor,
      correlationId: context.correlationId,
      causationId: context.causationId ?? null,
      ...(options.protocolVersion ? { protocolVersion: options.protocolVersion } : {}),
    },
  }));
}

export interface HandleCommandOptions extends EventMetaOptions {
  readonly context: CommandContext;
  /** From `If-Match`: the version the client decided on. A mismatch fails without retrying. */
  readonly expectedVersion?: number;
  readonly maxRetries?: number;
}

export interface CommandResult<State, Event extends DomainEvent> {
  readonly streamId: string;
  readonly version: number;
  readonly newEvents: readonly Event[];
  readonly newState: State;
  readonly duplicate: boolean;
}

/**
 * read -> fold -> decide -> append with the version read. A concurrent writer makes the append
 * fail; the command is then decided again on the fresh state, a bounded number of times.
 */
export async function handleCommand<State, Command, Event extends DomainEvent>(
  store: EventStore,
  streamId: string,
  decider: Decider<State, Command, Event>,
  command: Command,
  options: HandleCommandOptions,
): Promise<CommandResult<State, Event>> {
  const maxRetries = options.expectedVersion === undefined ? (options.maxRetries ?? 5) : 0;
  for (let attempt = 0; ; attempt++) {
    const { state, version } = await loadStreamState(store, streamId, decider);
    if (options.expectedVersion !== undefined && options.expectedVersion !== version) {
      throw new ConcurrencyError(streamId, String(options.expectedVersion), version);
    }
    const newEvents = asArray(decider.decide(command, state));
    if (newEvents.length === 0) return { streamId, version, newEvents, newState: state, duplicate: false };
    try {
      const result = await store.append({
        streamId,
        expectedVersion: version === 0 ? 'no_stream' : version,
        events: toEventsToAppend(newEvents, options.context, streamId, options),
      });
      const newState = newEvents.reduce((s, e) => decider.evolve(s, e), state);
      return { streamId, version: result.version, newEvents, newState, duplicate: result.duplicate };
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || attempt >= maxRetries) throw error;
      await backoff(attempt);
    }
  }
}

export function asDomainEvent<E extends DomainEvent>(recorded: RecordedEvent<E>): E {
  return { type: recorded.type, data: recorded.data } as E;
}
