import { ApiProperty } from '@nestjs/swagger';

export class CloseOutAwardView {
  @ApiProperty({ type: String, nullable: true, description: 'award number or amendment of the restrictions in force' }) readonly reference!: string | null;
  @ApiProperty({ type: 'integer', description: 'integer cents: the sum of the budget lines' }) readonly budgetCents!: number;
  @ApiProperty({ type: 'integer', description: 'integer cents received into the fund' }) readonly receivedCents!: number;
  @ApiProperty({ type: 'integer', nullable: true, description: 'integer cents of match the grant requires (recorded, not enforced)' }) readonly matchRequiredCents!: number | null;
}

export class CloseOutPeriodView {
  @ApiProperty({ example: '2026-10-01' }) readonly firstDay!: string;
  @ApiProperty({ example: '2027-09-30' }) readonly lastDay!: string;
  @ApiProperty({ example: '2027-12-29' }) readonly liquidationDeadline!: string;
}

export class CloseOutLineView {
  @ApiProperty() readonly lineId!: string;
  @ApiProperty({ type: [String] }) readonly categories!: readonly string[];
  @ApiProperty({ type: 'integer', description: 'integer cents budgeted' }) readonly budgetCents!: number;
  @ApiProperty({ type: 'integer', description: 'integer cents paid out' }) readonly spentCents!: number;
  @ApiProperty({ type: 'integer', description: 'integer cents kept reserved at the close, payable until the liquidation deadline' }) readonly keptCents!: number;
  @ApiProperty({ type: 'integer', description: 'integer cents released at the close' }) readonly releasedCents!: number;
  @ApiProperty({ type: 'integer', description: 'integer cents moved to other funds at the close' }) readonly movedCents!: number;
  @ApiProperty({ type: 'integer', description: 'budget - spent - kept' }) readonly unspentCents!: number;
}

export class CloseOutDecisionCountView {
  @ApiProperty({ enum: ['keep', 'release', 'move'] }) readonly action!: 'keep' | 'release' | 'move';
  @ApiProperty({ type: 'integer' }) readonly reservations!: number;
  @ApiProperty({ type: 'integer', description: 'integer cents' }) readonly amountCents!: number;
}

export class CloseOutMoveView {
  @ApiProperty() readonly fundId!: string;
  @ApiProperty({ type: 'integer', description: 'integer cents' }) readonly amountCents!: number;
}

export class CloseOutTotalsView {
  @ApiProperty({ type: 'integer' }) readonly spentCents!: number;
  @ApiProperty({ type: 'integer' }) readonly keptCents!: number;
  @ApiProperty({ type: 'integer' }) readonly releasedCents!: number;
  @ApiProperty({ type: 'integer' }) readonly movedCents!: number;
  @ApiProperty({ type: 'integer', description: 'received - spent - kept: money of the grant no request holds' }) readonly unspentCents!: number;
}

/** A grant's close-out figures (docs/adr/0021); before the close, what a close-out today would start from. */
export class GrantCloseOutView {
  @ApiProperty() readonly fundId!: string;
  @ApiProperty() readonly name!: string;
  @ApiProperty({ type: CloseOutAwardView }) readonly award!: CloseOutAwardView;
  @ApiProperty({ type: CloseOutPeriodView }) readonly period!: CloseOutPeriodView;
  @ApiProperty({ type: String, nullable: true, example: '2027-09-30', description: 'null while the grant is open' }) readonly closedOn!: string | null;
  @ApiProperty({ type: String, nullable: true }) readonly closeOutReference!: string | null;
  @ApiProperty({ type: [CloseOutLineView] }) readonly lines!: CloseOutLineView[];
  @ApiProperty({ type: [CloseOutDecisionCountView] }) readonly decisions!: CloseOutDecisionCountView[];
  @ApiProperty({ type: [CloseOutMoveView] }) readonly movedTo!: CloseOutMoveView[];
  @ApiProperty({ type: CloseOutTotalsView }) readonly totals!: CloseOutTotalsView;
}
