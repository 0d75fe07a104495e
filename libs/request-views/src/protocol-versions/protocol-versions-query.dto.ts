import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageDto } from '../queues/queue-query.dto';

export const PROTOCOL_STATUSES = ['draft', 'proposed', 'adopted', 'rejected', 'superseded'] as const;

export class ProtocolVersionsQueryDto extends PageDto {
  @ApiPropertyOptional({ enum: PROTOCOL_STATUSES })
  @IsOptional()
  @IsIn(PROTOCOL_STATUSES, { message: `status must be one of: ${PROTOCOL_STATUSES.join(', ')}` })
  status?: (typeof PROTOCOL_STATUSES)[number];
}
