import type { CommandContext } from '@fund/event-sourcing';
import type { RecordDisbursementDto } from './record-disbursement.dto';

export class RecordDisbursement {
  constructor(
    readonly requestId: string,
    readonly disbursementId: string,
    readonly body: RecordDisbursementDto,
    readonly context: CommandContext,
    readonly ifMatch?: number,
  ) {}
}
