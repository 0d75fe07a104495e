import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@fund/event-sourcing';
import type { ProtocolRules } from '../protocol-rules';
import type { ProtocolWriteResult } from '../protocol-view';

export class ReviseDraftCommand extends Command<ProtocolWriteResult> {
  constructor(
    readonly version: string,
    readonly rules: ProtocolRules,
    readonly context: CommandContext,
    /** From If-Match: the draft the coordinator revised. */
    readonly expectedVersion: number | undefined,
  ) {
    super();
  }
}
