import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow } from '@fund/auth';
import type { CommandContext } from '@fund/event-sourcing';
import { ApiErrors, Ctx, etag } from '@fund/platform';
import { ClosePeriodCommand } from './close-period.command';
import { ClosePeriodDto } from './close-period.dto';
import { ClosePeriodResult } from './close-period.view';

@ApiTags('audit ledger')
@ApiBearerAuth()
@Controller('ledger')
export class ClosePeriodController {
  constructor(private readonly commands: CommandBus) {}

  @Post('periods')
  @HttpCode(201)
  @Allow('coordinator')
  @ApiOperation({
    summary: 'Close a month or a fiscal year',
    description:
      'Months close in order, from the second day after they end; a fiscal year once its twelve months are closed. Never reopened: afterwards every entry dated in the period is refused (PERIOD.CLOSED), and corrections are recorded in the open period. The ledger then journals the closing entry with the trial balance and its digest (GET /ledger/periods).',
  })
  @ApiErrors({
    409: [['PERIOD.ALREADY_CLOSED', 'This month is already closed; corrections go in the open period']],
    422: [
      ['PERIOD.OUT_OF_ORDER', 'Months close in order: close the month after the last closed one first'],
      ['PERIOD.NOT_ENDED', 'A month closes from the second day after it ends'],
      ['PERIOD.MONTHS_OPEN', 'A fiscal year closes once each of its twelve months is closed'],
    ],
  })
  @ApiCreatedResponse({ type: ClosePeriodResult, description: 'ETag carries the accounting calendar stream version' })
  async close(@Body() body: ClosePeriodDto, @Ctx() context: CommandContext, @Res({ passthrough: true }) res: Response): Promise<ClosePeriodResult> {
    const { version, closed } = await this.commands.execute(new ClosePeriodCommand({ kind: body.kind, period: body.period }, context));
    res.setHeader('ETag', etag(version)).location('/ledger/periods');
    return closed;
  }
}
