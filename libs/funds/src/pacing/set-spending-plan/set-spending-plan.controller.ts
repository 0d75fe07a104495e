import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '@fund/auth';
import type { CommandContext } from '@fund/event-sourcing';
import { ApiErrors, Ctx } from '@fund/platform';
import { FundParams } from '../../get-fund/get-fund.controller';
import { PacingView } from '../pacing.view';
import { SetSpendingPlanCommand } from './set-spending-plan.command';
import { SetSpendingPlanDto } from './set-spending-plan.dto';

@ApiTags('funds')
@ApiBearerAuth()
@Controller('funds')
export class SetSpendingPlanController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':fundId/spending-plan')
  @HttpCode(201)
  @Allow('coordinator')
  @ApiOperation({
    summary: "Set a fund's (or a grant budget line's) spending plan",
    description: 'Month or quarter periods with the money each means to commit, and when to warn: money running low, or commitments ahead of the plan. Answers with the pacing today.',
  })
  @ApiErrors({
    404: [['FUND.NOT_FOUND', 'No fund with this id']],
    422: [
      ['SPENDING_PLAN.UNKNOWN_BUDGET_LINE', 'This fund has no budget line housing'],
      ['SPENDING_PLAN.QUARTER_START', 'A quarter starts in January, April, July or October'],
      ['SPENDING_PLAN.PERIODS_OVERLAP', 'Periods follow one another in order, without overlapping'],
    ],
  })
  @ApiCreatedResponse({ type: PacingView })
  async set(@Param() params: FundParams, @Body() body: SetSpendingPlanDto, @Ctx() context: CommandContext): Promise<PacingView> {
    return (await this.commands.execute(new SetSpendingPlanCommand(params.fundId, body, context))) as PacingView;
  }
}
