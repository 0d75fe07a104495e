import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow } from '@fund/auth';
import type { CommandContext } from '@fund/event-sourcing';
import { ApiErrors, Ctx, etag } from '@fund/platform';
import { OpenFundResult } from '../fund.view';
import { OpenFundCommand } from './open-fund.command';
import { OpenFundDto } from './open-fund.dto';

@ApiTags('funds')
@ApiBearerAuth()
@Controller('funds')
export class OpenFundController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @Allow('coordinator')
  @ApiOperation({ summary: "Open a fund", description: "A fund holds money: restricted donations go only to restricted funds. Location and ETag name the new fund." })
  @ApiErrors({ 409: [['FUND.ALREADY_OPEN', "This fund is already open"]] })
  @ApiCreatedResponse({ type: OpenFundResult, description: 'ETag carries the fund stream version' })
  async open(@Body() body: OpenFundDto, @Ctx() context: CommandContext, @Res({ passthrough: true }) res: Response): Promise<OpenFundResult> {
    const { version, fund } = await this.commands.execute(
      new OpenFundCommand({ fundId: body.fundId, name: body.name, restricted: body.restricted }, context),
    );
    res.setHeader('ETag', etag(version)).location(`/funds/${fund.fundId}`);
    return fund;
  }
}
