import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '@fund/auth';
import type { EventStore } from '@fund/event-sourcing';
import { EVENT_STORE } from '@fund/platform';
import { PacingView } from '../pacing.view';
import { readPacing } from '../read-pacing';

@ApiTags('funds')
@ApiBearerAuth()
@Controller('pacing')
export class GetPacingController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get()
  @Allow('coordinator', 'council')
  @ApiOperation({
    summary: 'Budget pacing: every spending plan against what is committed and spent',
    description: 'Per fund and grant budget line with a plan: planned, committed and spent per period and to date, money left, the day it runs out at the recent rate, and warnings (low_balance, over_pace).',
  })
  @ApiOkResponse({ type: [PacingView] })
  async list(): Promise<PacingView[]> {
    return (await readPacing(this.store, new Date().toISOString().slice(0, 10))) as PacingView[];
  }
}
