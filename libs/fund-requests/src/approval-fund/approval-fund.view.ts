import { ApiProperty } from '@nestjs/swagger';

/** Which fund the request's approval draws (or drew) from, and by which rule. */
export class ApprovalFundView {
  @ApiProperty({ example: 'voca-2026' }) readonly fundId!: string;
  @ApiProperty({ enum: ['named', 'restricted_ending_first', 'protocol_default', 'recorded'], description: "'recorded': an approval decided before the choice was recorded" })
  readonly choice!: 'named' | 'restricted_ending_first' | 'protocol_default' | 'recorded';
  @ApiProperty({ description: 'true once the request is approved: the fund its money is reserved in; false: what an approval now at the amount requested would draw from' })
  readonly decided!: boolean;
  @ApiProperty({ type: 'integer', description: 'integer cents the preview was weighed at (the amount requested, or approved)' }) readonly amountCents!: number;
}
