import { Controller, Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow } from '@fund/auth';
import { ApiErrors, etag } from '@fund/platform';
import { FundRestrictionsView } from '../fund-restrictions.view';
import { FundParams } from '../get-fund/get-fund.controller';
import { GetFundRestrictionsQuery } from './get-fund-restrictions.query';

@ApiTags('funds')
@ApiBearerAuth()
@Controller('funds')
export class GetFundRestrictionsController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':fundId/restrictions')
  @Allow('coordinator', 'auditor', 'council')
  @ApiOperation({ summary: "Read a fund's grant restrictions and its budget against what is committed" })
  @ApiErrors({ 404: [['FUND.NOT_FOUND', 'No fund with this id']] })
  @ApiOkResponse({ type: FundRestrictionsView, description: 'ETag carries the fund stream version' })
  async get(@Param() params: FundParams, @Res({ passthrough: true }) res: Response): Promise<FundRestrictionsView> {
    const { version, view } = await this.queries.execute(new GetFundRestrictionsQuery(params.fundId));
    res.setHeader('ETag', etag(version));
    return view;
  }
}
