import { Controller, Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import type { Response } from 'express';
import { Allow } from '@fund/auth';
import { ApiErrors, etag } from '@fund/platform';
import { DonationView } from '../donation.view';
import { GetDonationQuery } from './get-donation.query';

export class DonationParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'donationId must be a UUID' })
  readonly donationId!: string;
}

@ApiTags('donations')
@ApiBearerAuth()
@Controller('donations')
export class GetDonationController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':donationId')
  @Allow('coordinator', 'auditor')
  @ApiOperation({ summary: "Read a donation" })
  @ApiErrors({ 404: [['DONATION.NOT_FOUND', "No donation with this id"]] })
  @ApiOkResponse({ type: DonationView, description: 'ETag carries the donation stream version' })
  async get(@Param() params: DonationParams, @Res({ passthrough: true }) res: Response): Promise<DonationView> {
    const { version, donation } = await this.queries.execute(new GetDonationQuery(params.donationId));
    res.setHeader('ETag', etag(version));
    return donation;
  }
}
