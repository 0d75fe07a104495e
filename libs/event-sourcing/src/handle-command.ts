import type { CommandContext, DomainEvent, RecordedEvent } from './event';
import type { EventStore } from './event-store';
import type { Decider, EventMetaOptions } from './decider';
import { runUnitOfWork } from './unit-of-work';

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

/** A command on one stream: a unit of work with one stream, so it retries and refuses like any other. */
export async function handleCommand<State, Command, Event extends DomainEvent>(
  store: EventStore,
  streamId: string,
  decider: Decider<State, Command, Event>,
  command: Command,
  options: HandleCommandOptions,
): Promise<CommandResult<State, Event>> {
  const { context, expectedVersion, maxRetries, ...meta } = options;
  const { result, appended, versionOf } = await runUnitOfWork(store, context, (uow) => uow.decide(streamId, decider, command, meta), {
    ...(expectedVersion === undefined ? {} : { expected: { streamId, version: expectedVersion } }),
    ...(maxRetries === undefined ? {} : { maxRetries }),
  });
  return {
    streamId,
    version: versionOf(streamId),
    newEvents: result.events,
    newState: result.state,
    duplicate: appended.length > 0 && appended.every((a) => a.duplicate),
  };
}

export function asDomainEvent<E extends DomainEvent>(recorded: RecordedEvent<E>): E {
  return { type: recorded.type, data: recorded.data } as E;
}
