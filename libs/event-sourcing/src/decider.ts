import type { DomainEvent } from './event';

/**
 * An aggregate as three pure functions. `decide` returns the new events or throws a
 * DomainError; it never reads a clock or a request: time (`now`) and actor arrive in the
 * command. Every command is `{ type, data }`, like the events it produces, and every empty
 * state is `{ status: 'none' }`.
 */
export interface Decider<State, Command, Event extends DomainEvent> {
  initialState(): State;
  evolve(state: State, event: Event): State;
  decide(command: Command, state: State): Event | readonly Event[];
}

export function fold<State, Event extends DomainEvent>(
  decider: Pick<Decider<State, never, Event>, 'initialState' | 'evolve'>,
  events: readonly Event[],
): State {
  return events.reduce((state, event) => decider.evolve(state, event), decider.initialState());
}

export function asArray<E>(events: E | readonly E[]): readonly E[] {
  return Array.isArray(events) ? (events as readonly E[]) : [events as E];
}

export interface EventMetaOptions {
  /** Current schema version per event type; 1 when absent. */
  readonly schemaVersions?: Readonly<Record<string, number>>;
  /** The council protocol version a decision was made under. */
  readonly protocolVersion?: string;
}

/** What one aggregate decided: its state before, and the events it decided. */
export interface Decision<State, Event extends DomainEvent> {
  readonly before: State;
  readonly events: readonly Event[];
}

/**
 * One follow-up decision of a plan: `command`, decided by `decider` on `streamId`, in the same
 * atomic append as the decision that implied it.
 */
export interface FollowUp {
  readonly streamId: string;
  readonly decider: Decider<unknown, unknown, DomainEvent>;
  readonly command: unknown;
  readonly options: EventMetaOptions;
}

/**
 * Everything a decision means for other aggregates, as data: a pure function of the decision
 * (and the rules in force) returns it, a unit of work runs it. Specs compare plans with
 * `toEqual`, so no store is needed to check a consequence.
 */
export type Plan = readonly FollowUp[];

/** The decider fixes the command's type here; the plan itself only carries it. */
export function followUp<S, C, E extends DomainEvent>(streamId: string, decider: Decider<S, C, E>, command: C, options: EventMetaOptions = {}): FollowUp {
  return { streamId, decider: decider as unknown as FollowUp['decider'], command, options };
}
