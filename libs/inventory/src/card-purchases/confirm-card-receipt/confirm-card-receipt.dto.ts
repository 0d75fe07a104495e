import { ScreenedText } from '@fund/privacy';
import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, Matches } from 'class-validator';
import { CUSTODIAN_PATTERN } from '../card-purchase.decider';

export class ConfirmCardReceiptDto {
  @ApiProperty({ example: '2026-11-20', description: 'the day the cards came in: the effective date of their entry into stock' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'receivedOn must be a date like 2026-11-20' })
  @IsISO8601({ strict: true }, { message: 'receivedOn must be a real calendar date' })
  readonly receivedOn!: string;

  @ApiProperty({ pattern: CUSTODIAN_PATTERN.source, example: 'office-safe', description: 'who or where holds the cards from now on (a slug, never a person\'s name)' })
  @Matches(CUSTODIAN_PATTERN, { message: 'custodian must be a slug like office-safe' })
  @ScreenedText('label')
  readonly custodian!: string;
}
