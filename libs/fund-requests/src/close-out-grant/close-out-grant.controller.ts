import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import type { Response } from 'express';
import { Allow } from '@fund/auth';
import type { CommandContext } from '@fund/event-sourcing';
import { FUND_ID_PATTERN, GrantCloseOutView } from '@fund/funds';
import { ApiErrors, ApiIfMatch, Ctx, etag, IfMatch } from '@fund/platform';
import { CloseOutGrantCommand } from './close-out-grant.command';
import { CloseOutGrantDto } from './close-out-grant.dto';

export class CloseOutFundParams {
  @ApiProperty({ pattern: FUND_ID_PATTERN.source })
  @Matches(FUND_ID_PATTERN, { message: 'fundId must be a fund slug' })
  readonly fundId!: string;
}

@ApiTags('funds')
@ApiBearerAuth()
@Controller('funds')
export class CloseOutGrantController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':fundId/close-out')
  @HttpCode(201)
  @Allow('coordinator')
  @ApiOperation({
    summary: 'Close out a grant at the end of its period of performance',
    description:
      'From the last day of the period, once. Every open reservation gets an explicit decision (its own, or `otherwise` for all): released, ' +
      'moved to another fund (which must take it under its own restrictions, budget line and balance: all or nothing), or kept and paid until the ' +
      'liquidation deadline. No reservation is charged to the grant afterwards. Answers with the close-out figures.',
  })
  @ApiErrors({
    404: [['FUND.NOT_FOUND', 'No fund with this id']],
    409: [['FUND.GRANT_CLOSED', 'This grant was closed out on 2027-09-30']],
    422: [
      ['FUND.NOT_RESTRICTED', 'Only a grant (a fund with restrictions) is closed out'],
      ['FUND.PERIOD_NOT_ENDED', 'A grant is closed out from the last day of its period of performance, 2027-09-30'],
      ['FUND.CLOSE_OUT_UNDECIDED', '2 open reservation(s) have no decision: decide each, or one for all'],
      ['FUND.CLOSE_OUT_UNKNOWN_RESERVATION', 'A decision names a request with no open reservation in this fund'],
      ['FUND.CLOSE_OUT_MOVE_TO_SELF', 'A reservation moves to another fund'],
      ['FUND.LIQUIDATION_DEADLINE_PASSED', 'Reserved money is paid until 2027-12-29: release or move it'],
      ['FUND.CATEGORY_NOT_ALLOWED', "This fund's grant does not pay for lodging"],
      ['FUND.INSUFFICIENT_FUNDS', 'The fund has 0 cents available'],
    ],
  })
  @ApiIfMatch()
  @ApiCreatedResponse({ type: GrantCloseOutView, description: 'ETag carries the fund stream version' })
  async closeOut(
    @Param() params: CloseOutFundParams,
    @Body() body: CloseOutGrantDto,
    @Ctx() context: CommandContext,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<GrantCloseOutView> {
    const { version, report } = await this.commands.execute(new CloseOutGrantCommand(params.fundId, body, context, ifMatch));
    res.setHeader('ETag', etag(version));
    return report as GrantCloseOutView;
  }
}
