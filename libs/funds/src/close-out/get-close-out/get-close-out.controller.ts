import { Controller, Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow } from '@fund/auth';
import { ApiErrors, etag } from '@fund/platform';
import { FundParams } from '../../get-fund/get-fund.controller';
import { GrantCloseOutView } from '../grant-close-out.view';
import { GetGrantCloseOutQuery } from './get-close-out.query';

@ApiTags('funds')
@ApiBearerAuth()
@Controller('funds')
export class GetGrantCloseOutController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':fundId/close-out')
  @Allow('coordinator', 'auditor')
  @ApiOperation({
    summary: "Read a grant's close-out figures",
    description:
      'Award, period of performance, budget versus actual per line (spent, kept, released, moved, unspent), the decisions taken at the close and where moved money went. ' +
      'Before the close: what a close-out today would start from (closedOn null). CSV and XLSX: GET /ledger/statements/close-out.csv and .xlsx.',
  })
  @ApiErrors({ 404: [['FUND.NOT_FOUND', 'No fund with this id']], 422: [['FUND.NOT_RESTRICTED', 'Only a grant (a fund with restrictions) has close-out figures']] })
  @ApiOkResponse({ type: GrantCloseOutView, description: 'ETag carries the fund stream version' })
  async get(@Param() params: FundParams, @Res({ passthrough: true }) res: Response): Promise<GrantCloseOutView> {
    const { version, report } = await this.queries.execute(new GetGrantCloseOutQuery(params.fundId));
    res.setHeader('ETag', etag(version));
    return report as GrantCloseOutView;
  }
}
