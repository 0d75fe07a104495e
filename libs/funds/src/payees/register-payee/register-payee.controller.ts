import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow } from '@fund/auth';
import type { CommandContext } from '@fund/event-sourcing';
import { ApiErrors, Ctx, etag } from '@fund/platform';
import { RegisterPayeeResult } from '../payee.view';
import { RegisterPayeeCommand } from './register-payee.command';
import { RegisterPayeeDto } from './register-payee.dto';

@ApiTags('payees')
@ApiBearerAuth()
@Controller('payees')
export class RegisterPayeeController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @Allow('coordinator')
  @ApiOperation({ summary: 'Register a payee', description: 'A business or an agency the fund pays (never a person). Money payments name it, with their payment reference.' })
  @ApiErrors({ 409: [['PAYEE.ALREADY_REGISTERED', 'This payee is already registered']], 422: [['PAYEE.TAX_ID_NOT_EIN', 'A payee is a business or an agency: its tax id is an EIN']] })
  @ApiCreatedResponse({ type: RegisterPayeeResult, description: 'ETag carries the payee stream version' })
  async register(@Body() body: RegisterPayeeDto, @Ctx() context: CommandContext, @Res({ passthrough: true }) res: Response): Promise<RegisterPayeeResult> {
    const { version, payee } = await this.commands.execute(
      new RegisterPayeeCommand({ payeeId: body.payeeId, name: body.name, kind: body.kind, taxId: body.taxId ?? null }, context),
    );
    res.setHeader('ETag', etag(version)).location(`/payees/${payee.payeeId}`);
    return payee;
  }
}
