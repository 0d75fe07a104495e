import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandContext } from '@fund/event-sourcing';
import { Allow } from '@fund/auth';
import { Ctx, IfMatch, UuidParam } from '@fund/platform';
import type { WorkflowResult } from '../fund-request.workflow';
import { respond } from '../respond';
import { RecordDisbursement } from './record-disbursement.command';
import { RecordDisbursementDto } from './record-disbursement.dto';

@ApiTags('fund requests')
@ApiBearerAuth()
@Controller('fund-requests')
export class RecordDisbursementController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':requestId/disbursements')
  @HttpCode(201)
  @Allow('coordinator')
  async disburse(
    @UuidParam('requestId') requestId: string,
    @Body() body: RecordDisbursementDto,
    @Ctx() ctx: CommandContext,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const disbursementId = randomUUID();
    const result: WorkflowResult = await this.commands.execute(new RecordDisbursement(requestId, disbursementId, body, ctx, ifMatch));
    const recorded = result.events.find((e) => e.type === 'DisbursementRecorded');
    return {
      ...respond(res, result),
      disbursementId: recorded?.type === 'DisbursementRecorded' ? recorded.data.disbursementId : disbursementId,
      amountCents: recorded?.type === 'DisbursementRecorded' ? recorded.data.amountCents : null,
      receiptDueOn: recorded?.type === 'DisbursementRecorded' ? recorded.data.receiptDueOn : null,
    };
  }
}
