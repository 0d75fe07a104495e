import type { CommandContext } from '@fund/event-sourcing';
import type { SubmitFundRequestDto } from './submit-fund-request.dto';

export class SubmitFundRequest {
  constructor(
    readonly requestId: string,
    readonly body: SubmitFundRequestDto,
    readonly context: CommandContext,
  ) {}
}
