import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@fund/event-sourcing';
import { Allow } from '@fund/auth';
import { ApiErrors, Ctx } from '@fund/platform';
import { ProtocolForesightView } from '../foresight.view';
import { ProtocolForesightQueryDto } from './get-protocol-foresight.dto';
import { GetProtocolForesightQuery } from './get-protocol-foresight.query';

@ApiTags('protocols')
@ApiBearerAuth()
@Controller('protocols')
export class GetProtocolForesightController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':version/foresight')
  @Allow('council', 'coordinator')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Replay recent history under a protocol version (what-if)',
    description:
      'Every request submitted in the window (default: the last 12 months) is decided again, in memory, by the real deciders under this version\'s rules, and compared with what happened: ' +
      'refusals by rule, approvals that would have needed more votes, money committed per fund and month, survivor references at the 12-month cap (counted, never listed) and each fund\'s runway. ' +
      'Counts about survivors are small-cell suppressed as in the funder reports. Nothing is written.',
  })
  @ApiResponse({ status: 200, type: ProtocolForesightView })
  @ApiErrors({
    400: [['PROTOCOL.INVALID_VERSION', 'A protocol version is a short slug of lowercase letters, digits and dashes (not registry, current or bootstrap)']],
    404: [['PROTOCOL.NOT_FOUND', 'There is no protocol with this version']],
  })
  foresight(@Param('version') version: string, @Query() query: ProtocolForesightQueryDto, @Ctx() context: CommandContext): Promise<ProtocolForesightView> {
    return this.queries.execute(new GetProtocolForesightQuery(version, query.from, query.to, context.now));
  }
}
