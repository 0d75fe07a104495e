import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@fund/event-sourcing';
import { Allow } from '@fund/auth';
import { ApiErrors, Ctx, UuidParam } from '@fund/platform';
import { REQUEST_NOT_FOUND } from '../fund-request-command.view';
import { GetApprovalFundQuery } from './approval-fund.query';
import { ApprovalFundView } from './approval-fund.view';

@ApiTags('fund requests')
@ApiBearerAuth()
@Controller('fund-requests')
export class ApprovalFundController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':requestId/approval-fund')
  @Allow('council', 'coordinator')
  @ApiOperation({
    summary: 'Which fund an approval of this request draws from',
    description: "Before a decision: the fund an approval naming none would draw from now, at the amount requested (the eligible restricted fund whose period ends first, else the protocol's default). After: the fund the approval reserved in.",
  })
  @ApiOkResponse({ type: ApprovalFundView })
  @ApiErrors({ 404: [REQUEST_NOT_FOUND] })
  get(@UuidParam('requestId') requestId: string, @Ctx() context: CommandContext): Promise<ApprovalFundView> {
    return this.queries.execute(new GetApprovalFundQuery(requestId, context));
  }
}
