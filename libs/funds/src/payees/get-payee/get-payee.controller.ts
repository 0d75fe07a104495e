import { Controller, Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import type { Response } from 'express';
import { Allow } from '@fund/auth';
import { ApiErrors, etag } from '@fund/platform';
import { PAYEE_ID_PATTERN } from '../payee.decider';
import { PayeeView } from '../payee.view';
import { GetPayeeQuery } from './get-payee.query';

export class PayeeParams {
  @ApiProperty({ pattern: PAYEE_ID_PATTERN.source })
  @Matches(PAYEE_ID_PATTERN, { message: 'payeeId must be a payee slug' })
  readonly payeeId!: string;
}

@ApiTags('payees')
@ApiBearerAuth()
@Controller('payees')
export class GetPayeeController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':payeeId')
  @Allow('coordinator', 'auditor')
  @ApiOperation({ summary: 'Read a payee' })
  @ApiErrors({ 404: [['PAYEE.NOT_FOUND', 'No payee with this id']] })
  @ApiOkResponse({ type: PayeeView, description: 'ETag carries the payee stream version' })
  async get(@Param() params: PayeeParams, @Res({ passthrough: true }) res: Response): Promise<PayeeView> {
    const { version, payee } = await this.queries.execute(new GetPayeeQuery(params.payeeId));
    res.setHeader('ETag', etag(version));
    return payee;
  }
}
