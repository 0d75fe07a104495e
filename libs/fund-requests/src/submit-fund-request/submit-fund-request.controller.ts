import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandContext } from '@fund/event-sourcing';
import { Allow } from '@fund/auth';
import { ApiErrors, ClaimBesideReads, Ctx, etag } from '@fund/platform';
import type { WorkflowResult } from '../fund-request.workflow';
import { SubmitFundRequestCommand } from './submit-fund-request.command';
import { SubmitFundRequestDto } from './submit-fund-request.dto';
import { SubmittedFundRequest } from '../fund-request-command.view';

@ApiTags('fund requests')
@ApiBearerAuth()
@Controller('fund-requests')
export class SubmitFundRequestController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ClaimBesideReads()
  @HttpCode(201)
  @Allow('provider')
  @ApiOperation({ summary: "Submit a fund request", description: "Under the protocol in force. The narrative is optional, refused when it holds obvious identifiers, and encrypted with a key of its own. Location and ETag name the new request." })
  @ApiResponse({ status: 201, type: SubmittedFundRequest })
  @ApiErrors({ 404: [['SURVIVOR.REFERENCE_UNKNOWN', "Unknown survivor reference"]], 422: [['FUND_REQUEST.INELIGIBLE_CATEGORY', "The protocol does not fund the category legal_fees"], ['FUND_REQUEST.OVER_REQUEST_CAP', "The amount is above the cap per request"], ['FUND_REQUEST.OVER_SURVIVOR_12_MONTH_CAP', "This would exceed the support cap per survivor reference over 12 months"], ['FUND_REQUEST.RECEIPTS_OVERDUE', "Your organization has overdue receipts; record them or attest they are lost before submitting new requests"], ['FUND_REQUEST.NEEDED_BY_IN_PAST', "neededBy must be today or later"], ['SURVIVOR.REFERENCE_NOT_ISSUED_TO_ORGANIZATION', "This survivor reference was not issued to your organization; ask the fund for a new reference"], ['ORGANIZATION.NOT_REGISTERED', "The organization is not registered with the fund; a coordinator registers member agencies"], ['PROTOCOL.NONE_IN_FORCE', "No protocol is in force yet; the coordinator bootstraps the first version"], ['PRIVACY.IDENTIFIER_IN_TEXT', "narrative looks like it contains identifying details (phone number); describe the need without names, contact details, dates or places"]] })
  async submit(@Body() body: SubmitFundRequestDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    const result: WorkflowResult = await this.commands.execute(new SubmitFundRequestCommand(randomUUID(), body, ctx));
    res.setHeader('ETag', etag(result.version));
    res.setHeader('Location', `/fund-requests/${result.requestId}`);
    const submitted = result.events.find((e) => e.type === 'FundRequestSubmitted');
    return { requestId: result.requestId, status: result.status, expedited: submitted?.type === 'FundRequestSubmitted' ? submitted.data.expedited : false };
  }
}
