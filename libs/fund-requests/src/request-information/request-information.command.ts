import type { CommandContext } from '@fund/event-sourcing';
import type { QuestionCode } from '../vocabulary';

export class RequestInformation {
  constructor(
    readonly requestId: string,
    readonly questionCode: QuestionCode,
    readonly context: CommandContext,
    readonly ifMatch?: number,
  ) {}
}
