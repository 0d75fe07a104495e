import type { CommandContext } from '@fund/event-sourcing';
import type { CastVoteDto } from './cast-vote.dto';

export class CastVote {
  constructor(
    readonly requestId: string,
    readonly body: CastVoteDto,
    readonly context: CommandContext,
    readonly ifMatch?: number,
  ) {}
}
