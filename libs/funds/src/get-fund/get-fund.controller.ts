import { Controller, Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import type { Response } from 'express';
import { Allow } from '@fund/auth';
import { ApiErrors, etag } from '@fund/platform';
import { FUND_ID_PATTERN } from '../fund.decider';
import { FundView } from '../fund.view';
import { GetFundQuery } from './get-fund.query';

export class FundParams {
  @ApiProperty({ pattern: FUND_ID_PATTERN.source })
  @Matches(FUND_ID_PATTERN, { message: 'fundId must be a fund slug' })
  readonly fundId!: string;
}

@ApiTags('funds')
@ApiBearerAuth()
@Controller('funds')
export class GetFundController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':fundId')
  @Allow('coordinator', 'auditor', 'council')
  @ApiOperation({ summary: "Read a fund and its figures" })
  @ApiErrors({ 404: [['FUND.NOT_FOUND', "No fund with this id"]] })
  @ApiOkResponse({ type: FundView, description: 'ETag carries the fund stream version' })
  async get(@Param() params: FundParams, @Res({ passthrough: true }) res: Response): Promise<FundView> {
    const { version, fund } = await this.queries.execute(new GetFundQuery(params.fundId));
    res.setHeader('ETag', etag(version));
    return fund;
  }
}
