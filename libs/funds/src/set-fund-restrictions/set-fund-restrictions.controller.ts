import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow } from '@fund/auth';
import type { CommandContext } from '@fund/event-sourcing';
import { ApiErrors, Ctx, etag } from '@fund/platform';
import { FundRestrictionsView } from '../fund-restrictions.view';
import { FundParams } from '../get-fund/get-fund.controller';
import { SetFundRestrictionsCommand } from './set-fund-restrictions.command';
import { SetFundRestrictionsDto } from './set-fund-restrictions.dto';

@ApiTags('funds')
@ApiBearerAuth()
@Controller('funds')
export class SetFundRestrictionsController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':fundId/restrictions')
  @HttpCode(201)
  @Allow('coordinator')
  @ApiOperation({
    summary: "Set or amend a grant's restrictions on a fund",
    description: 'The whole set each time: the first is the award, each later one an amendment; earlier revisions stay readable. Money already committed keeps its budget line.',
  })
  @ApiErrors({
    404: [['FUND.NOT_FOUND', 'No fund with this id']],
    422: [
      ['FUND.NOT_RESTRICTED', "Only a restricted fund carries a grant's restrictions"],
      ['FUND.PERIOD_OUT_OF_ORDER', 'The period of performance ends on or after its first day'],
      ['FUND.BUDGET_LINE_OVERLAP', 'lodging is on budget lines housing and other'],
      ['FUND.BUDGET_LINE_CATEGORY_NOT_ALLOWED', 'Budget line housing names childcare, which the purpose does not allow'],
      ['FUND.BUDGET_LINE_DUPLICATE', 'Budget line housing appears twice'],
      ['FUND.BUDGET_LINE_BELOW_COMMITTED', 'Budget line housing already holds 30000 cents'],
    ],
  })
  @ApiCreatedResponse({ type: FundRestrictionsView, description: 'ETag carries the fund stream version' })
  async set(@Param() params: FundParams, @Body() body: SetFundRestrictionsDto, @Ctx() context: CommandContext, @Res({ passthrough: true }) res: Response): Promise<FundRestrictionsView> {
    const { version, view } = await this.commands.execute(new SetFundRestrictionsCommand(params.fundId, body, context));
    res.setHeader('ETag', etag(version));
    return view;
  }
}
