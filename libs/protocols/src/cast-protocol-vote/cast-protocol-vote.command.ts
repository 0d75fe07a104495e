import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@fund/event-sourcing';
import type { ForesightSeen, ProtocolVoteChoice } from '../protocol.events';
import type { ProtocolWriteResult } from '../protocol-view';

/** The voter is the acting council member: their id and organization come from the context. */
export class CastProtocolVoteCommand extends Command<ProtocolWriteResult> {
  constructor(
    readonly version: string,
    readonly vote: ProtocolVoteChoice,
    readonly context: CommandContext,
    readonly expectedVersion: number | undefined,
    readonly foresight: ForesightSeen | null = null,
  ) {
    super();
  }
}
