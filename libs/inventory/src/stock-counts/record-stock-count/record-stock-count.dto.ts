import { ScreenedText } from '@fund/privacy';
import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsISO8601, IsString, Matches } from 'class-validator';
import { CUSTODIAN_PATTERN } from '../../card-purchases/card-purchase.decider';
import { SERIAL_PATTERN } from '../../stock.decider';
import { COUNT_ID_PATTERN, MAX_COUNTED_SERIALS } from '../stock-count.decider';

export class RecordStockCountDto {
  @ApiProperty({ pattern: COUNT_ID_PATTERN.source, example: 'count-nov-safe' })
  @Matches(COUNT_ID_PATTERN, { message: 'countId must be a count slug like count-nov-safe' })
  @ScreenedText('label')
  readonly countId!: string;

  @ApiProperty({ pattern: CUSTODIAN_PATTERN.source, example: 'office-safe', description: "whose cards were counted; 'unassigned' for cards received without one" })
  @Matches(CUSTODIAN_PATTERN, { message: 'custodian must be a slug like office-safe' })
  @ScreenedText('label')
  readonly custodian!: string;

  @ApiProperty({ example: '2026-11-30' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'countedOn must be a date like 2026-11-30' })
  @IsISO8601({ strict: true }, { message: 'countedOn must be a real calendar date' })
  readonly countedOn!: string;

  @ApiProperty({ type: [String], maxItems: MAX_COUNTED_SERIALS, description: 'the serial of every card found; an empty list when none was' })
  @IsArray()
  @ArrayMaxSize(MAX_COUNTED_SERIALS)
  @IsString({ each: true })
  @Matches(SERIAL_PATTERN, { each: true, message: 'each serial must be letters, digits and dashes, at most 64' })
  readonly countedSerials!: string[];
}
