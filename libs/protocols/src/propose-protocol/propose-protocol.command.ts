import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@fund/event-sourcing';
import type { ProtocolWriteResult } from '../protocol-view';

export class ProposeProtocolCommand extends Command<ProtocolWriteResult> {
  constructor(
    readonly version: string,
    readonly context: CommandContext,
    readonly expectedVersion: number | undefined,
  ) {
    super();
  }
}
