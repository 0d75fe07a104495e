import type { Decider, Decision, Plan } from '../decider';
import { asArray } from '../decider';
import type { DomainEvent } from '../event';
import { CodedError } from '../errors';

/**
 * given(past events of the deciding stream).when(command).then(follow-up decisions), the way
 * Emmett specifies a workflow: the decider decides, the plan says what that decision means for
 * the other streams, and nothing is stored. `then` compares whole follow-ups (stream, decider,
 * command, metadata options), so a plan that forgets, adds or changes one fails.
 */
export function planSpec<State, Command, Event extends DomainEvent>(
  decider: Decider<State, Command, Event>,
  plan: (decision: Decision<State, Event>) => Plan,
) {
  return {
    given(events: readonly Event[] = []) {
      const before = events.reduce((s, e) => decider.evolve(s, e), decider.initialState());
      return {
        when(command: Command) {
          const decide = (): Decision<State, Event> => ({ before, events: asArray(decider.decide(command, before)) });
          return {
            then(expected: Plan): void {
              expect(plan(decide())).toEqual(expected);
            },
            thenNothingElse(): void {
              expect(plan(decide())).toEqual([]);
            },
            thenPlan(): Plan {
              return plan(decide());
            },
            thenThrows(code: string, details?: Record<string, unknown>): void {
              let caught: unknown;
              try {
                plan(decide());
              } catch (error) {
                caught = error;
              }
              expect(caught).toBeInstanceOf(CodedError);
              expect((caught as CodedError).code).toBe(code);
              if (details) expect((caught as CodedError).details).toMatchObject(details);
            },
          };
        },
      };
    },
  };
}
