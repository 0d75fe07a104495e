import type { Decider } from '../decider';
import { asArray } from '../decider';
import type { DomainEvent } from '../event';
import { CodedError } from '../errors';

/**
 * given(past events).when(command).then(new events) | .thenThrows(code). The decider is pure,
 * so nothing is mocked.
 */
export function deciderSpec<State, Command, Event extends DomainEvent>(decider: Decider<State, Command, Event>) {
  return {
    given(events: readonly Event[] = []) {
      const state = events.reduce((s, e) => decider.evolve(s, e), decider.initialState());
      return {
        state,
        when(command: Command) {
          const run = (): readonly Event[] => asArray(decider.decide(command, state));
          return {
            then(expected: readonly Event[] | Event): void {
              expect(run()).toEqual(asArray(expected));
            },
            thenEvents(): readonly Event[] {
              return run();
            },
            thenThrows(code: string, details?: Record<string, unknown>): CodedError {
              let caught: unknown;
              try {
                run();
              } catch (error) {
                caught = error;
              }
              expect(caught).toBeInstanceOf(CodedError);
              const coded = caught as CodedError;
              expect(coded.code).toBe(code);
              if (details) expect(coded.details).toMatchObject(details);
              return coded;
            },
          };
        },
      };
    },
  };
}
