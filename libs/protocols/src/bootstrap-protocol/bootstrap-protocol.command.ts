import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@fund/event-sourcing';
import type { ProtocolRules } from '../protocol-rules';
import type { ProtocolWriteResult } from '../protocol-view';

export class BootstrapProtocolCommand extends Command<ProtocolWriteResult> {
  constructor(
    readonly version: string,
    readonly title: string,
    readonly rules: ProtocolRules,
    readonly context: CommandContext,
  ) {
    super();
  }
}
