import type { DomainEvent } from './event';

/**
 * An aggregate as three pure functions. `decide` returns the new events or throws a
 * DomainError; it never reads a clock or a request: time and actor arrive in the command.
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
