import { asArray, type Decider, type DomainEvent, type Plan } from '@fund/event-sourcing';

type Evolver<S> = Pick<Decider<S, never, DomainEvent>, 'initialState'>;

/** What a replayed decision wrote: one stream's new events, in the order they were decided. */
export interface WrittenEvents {
  readonly streamId: string;
  readonly events: readonly DomainEvent[];
}

/**
 * The aggregates of one replayed world, held in memory. A replay never appends to the store:
 * it folds what it reads into these states and decides on them.
 */
export class MemoryStreams {
  private readonly states = new Map<string, unknown>();

  state<S>(streamId: string, decider: Evolver<S>): S {
    return (this.states.get(streamId) as S | undefined) ?? decider.initialState();
  }

  put(streamId: string, state: unknown): void {
    this.states.set(streamId, state);
  }

  /** Applies an event that happened (not re-decided) to its stream's state. */
  apply<S, E extends DomainEvent>(streamId: string, decider: Pick<Decider<S, never, E>, 'initialState' | 'evolve'>, event: E): void {
    this.states.set(streamId, decider.evolve(this.state(streamId, decider), event));
  }

  /**
   * One command as the store's unit of work runs it (`runUnitOfWork`): decide on the main
   * stream, follow the plan, each follow-up decided on the state this unit reached; all of it
   * is kept, or (a decider refused) none of it.
   */
  unit<R>(work: (unit: MemoryUnit) => R): { result: R; written: readonly WrittenEvents[] } {
    const unit = new MemoryUnit(this);
    const result = work(unit);
    return { result, written: unit.commit() };
  }
}

export class MemoryUnit {
  private readonly staged = new Map<string, { state: unknown; events: DomainEvent[] }>();

  constructor(private readonly streams: MemoryStreams) {}

  load<S>(streamId: string, decider: Evolver<S>): S {
    const staged = this.staged.get(streamId);
    return staged ? (staged.state as S) : this.streams.state(streamId, decider);
  }

  decide<S, C, E extends DomainEvent>(streamId: string, decider: Decider<S, C, E>, command: C): { before: S; state: S; events: readonly E[] } {
    const before = this.load(streamId, decider);
    const events = asArray(decider.decide(command, before));
    const state = events.reduce((s, e) => decider.evolve(s, e), before);
    const staged = this.staged.get(streamId);
    if (staged) {
      staged.state = state;
      staged.events.push(...events);
    } else {
      this.staged.set(streamId, { state, events: [...events] });
    }
    return { before, state, events };
  }

  follow(plan: Plan): void {
    for (const step of plan) this.decide(step.streamId, step.decider, step.command);
  }

  commit(): WrittenEvents[] {
    const written: WrittenEvents[] = [];
    for (const [streamId, { state, events }] of this.staged) {
      this.streams.put(streamId, state);
      if (events.length > 0) written.push({ streamId, events });
    }
    return written;
  }
}
