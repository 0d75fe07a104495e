import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandContext } from '@fund/event-sourcing';
import { Allow } from '@fund/auth';
import { Ctx, etag } from '@fund/platform';
import type { WorkflowResult } from '../fund-request.workflow';
import { SubmitFundRequest } from './submit-fund-request.command';
import { SubmitFundRequestDto } from './submit-fund-request.dto';

@ApiTags('fund requests')
@ApiBearerAuth()
@Controller('fund-requests')
export class SubmitFundRequestController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @Allow('provider')
  async submit(@Body() body: SubmitFundRequestDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    const result: WorkflowResult = await this.commands.execute(new SubmitFundRequest(randomUUID(), body, ctx));
    res.setHeader('ETag', etag(result.version));
    res.setHeader('Location', `/fund-requests/${result.requestId}`);
    const submitted = result.events.find((e) => e.type === 'FundRequestSubmitted');
    return { requestId: result.requestId, status: result.status, expedited: submitted?.type === 'FundRequestSubmitted' ? submitted.data.expedited : false };
  }
}
