import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandContext } from '@fund/event-sourcing';
import { Allow } from '@fund/auth';
import { ApiErrors, Ctx, etag } from '@fund/platform';
import { RegisterOrganizationCommand } from './register-organization.command';
import { RegisterOrganizationDto } from './register-organization.dto';
import { RegisterOrganizationResult } from '../organization.view';

@ApiTags('organizations')
@ApiBearerAuth()
@Controller('organizations')
export class RegisterOrganizationController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @Allow('coordinator')
  @ApiOperation({ summary: "Register a member agency", description: "Its providers can then get survivor references and submit requests. Location and ETag name the organization." })
  @ApiResponse({ status: 201, type: RegisterOrganizationResult })
  @ApiErrors({ 409: [['ORGANIZATION.ALREADY_REGISTERED', "This organization is already registered"]] })
  async register(@Body() dto: RegisterOrganizationDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    const { version } = await this.commands.execute(new RegisterOrganizationCommand(dto.organizationId, dto.providerType, dto.county, ctx));
    res.setHeader('ETag', etag(version));
    res.setHeader('Location', `/organizations/${dto.organizationId}`);
    return { organizationId: dto.organizationId, providerType: dto.providerType, county: dto.county };
  }
}
