import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';
import { ProtocolRulesDto } from '../protocol.dto';

export class ReviseDraftDto {
  @ApiProperty({ type: () => ProtocolRulesDto, description: 'The whole rule set, replacing the draft’s' })
  @IsObject()
  @ValidateNested()
  @Type(() => ProtocolRulesDto)
  rules!: ProtocolRulesDto;
}
