import { ApiProperty } from '@nestjs/swagger';
import { OUTCOMES, REFUSAL_STAGES, type Outcome, type RefusalStage } from './replay';
import type { ForesightSummary, MoneyRow, OutcomeRow, RefusalRow, RunwayRow, RunwaySide, ShownAmount, ShownCount } from './compare';

const SUPPRESSED = 'true when small-cell suppression hides the figure (counts from 1 to threshold-1, and complements), as in the funder reports';

export class ShownCountView implements ShownCount {
  @ApiProperty({ type: 'integer', nullable: true, description: 'null when suppressed' }) readonly count!: number | null;
  @ApiProperty({ description: SUPPRESSED }) readonly suppressed!: boolean;
}

export class ShownAmountView implements ShownAmount {
  @ApiProperty({ type: 'integer', nullable: true, description: 'integer cents; null when the number of approvals behind it is suppressed' }) readonly amountCents!: number | null;
  @ApiProperty({ description: SUPPRESSED }) readonly suppressed!: boolean;
}

export class ForesightOutcomeView implements OutcomeRow {
  @ApiProperty({ enum: OUTCOMES, enumName: 'ForesightOutcome', description: 'refused: the draft refuses the submission; undecided: still awaiting votes when the window ends' })
  readonly outcome!: Outcome;
  @ApiProperty({ type: ShownCountView }) readonly happened!: ShownCountView;
  @ApiProperty({ type: ShownCountView }) readonly draft!: ShownCountView;
}

export class ForesightRefusalView implements RefusalRow {
  @ApiProperty({ enum: REFUSAL_STAGES, enumName: 'ForesightRefusalStage' }) readonly stage!: RefusalStage;
  @ApiProperty({ example: 'FUND_REQUEST.OVER_REQUEST_CAP', description: 'the rule, as the error code the api would have answered' }) readonly code!: string;
  @ApiProperty({ type: ShownCountView }) readonly requests!: ShownCountView;
}

export class ForesightMoneyView implements MoneyRow {
  @ApiProperty({ example: 'general' }) readonly fundId!: string;
  @ApiProperty({ example: '2026-03', description: 'month of the approval (UTC)' }) readonly month!: string;
  @ApiProperty({ type: ShownAmountView, description: 'money committed (approved and reserved) as it happened' }) readonly happened!: ShownAmountView;
  @ApiProperty({ type: ShownAmountView, description: 'money committed under the draft' }) readonly draft!: ShownAmountView;
}

export class RunwaySideView implements RunwaySide {
  @ApiProperty({ type: 'integer', description: 'integer cents not promised to any request when the window ends' }) readonly availableCents!: number;
  @ApiProperty({ type: 'integer', description: 'integer cents: net commitments (approved minus released) per month of the window' }) readonly monthlyCommittedCents!: number;
  @ApiProperty({ type: 'number', nullable: true, description: 'months the available money lasts at that pace; null when nothing was committed' }) readonly runwayMonths!: number | null;
}

export class ForesightRunwayView implements RunwayRow {
  @ApiProperty({ example: 'general' }) readonly fundId!: string;
  @ApiProperty({ type: RunwaySideView }) readonly happened!: RunwaySideView;
  @ApiProperty({ type: RunwaySideView }) readonly draft!: RunwaySideView;
}

export class ReferencesAtCapView {
  @ApiProperty({ type: ShownCountView }) readonly happened!: ShownCountView;
  @ApiProperty({ type: ShownCountView }) readonly draft!: ShownCountView;
}

export class ForesightWindowView {
  @ApiProperty({ example: '2025-12-07', description: 'first day (UTC) whose submissions are replayed' }) readonly from!: string;
  @ApiProperty({ example: '2026-12-07', description: 'last day (UTC) whose submissions are replayed' }) readonly to!: string;
}

/** What the council sees before voting: the fund's recent history replayed under a proposed version. */
export class ProtocolForesightView implements ForesightSummary {
  @ApiProperty({ example: '2027-1', description: 'the version replayed' }) readonly version!: string;
  @ApiProperty({ type: 'string', nullable: true, example: '2026-1', description: 'the version in force, which most of history was decided under' }) readonly inForce!: string | null;
  @ApiProperty({ type: ForesightWindowView }) readonly window!: ForesightWindowView;
  @ApiProperty({
    example: '9f2c…',
    description: 'sha256 of the replay inputs (version, its rules, the window, the last log position read): what a vote records as the replay its member saw',
  })
  readonly inputsHash!: string;
  @ApiProperty({ type: 'integer', description: 'global position of the last event read' }) readonly throughPosition!: number;
  @ApiProperty({ type: 'integer' }) readonly eventsRead!: number;
  @ApiProperty({ type: 'integer', description: 'counts from 1 to threshold-1 are hidden' }) readonly threshold!: number;
  @ApiProperty({ type: ShownCountView, description: 'requests submitted in the window' }) readonly requests!: ShownCountView;
  @ApiProperty({ type: [ForesightOutcomeView] }) readonly outcomes!: ForesightOutcomeView[];
  @ApiProperty({ type: [ForesightRefusalView], description: 'requests the draft would have refused, by stage and rule' }) readonly refusals!: ForesightRefusalView[];
  @ApiProperty({ type: ShownCountView, description: 'approved requests whose approvals would not have been enough under the draft' }) readonly neededMoreVotes!: ShownCountView;
  @ApiProperty({ type: ShownCountView, description: 'requests an earlier vote would already have approved under the draft' }) readonly approvedWithFewerVotes!: ShownCountView;
  @ApiProperty({ type: ReferencesAtCapView, description: 'survivor references that reached (or were refused by) the 12-month cap: counted, never listed' })
  readonly referencesAtCap!: ReferencesAtCapView;
  @ApiProperty({ type: [ForesightMoneyView] }) readonly money!: ForesightMoneyView[];
  @ApiProperty({ type: [ForesightRunwayView] }) readonly runway!: ForesightRunwayView[];
  @ApiProperty({ type: [String], description: 'what the replay cannot see' }) readonly limits!: string[];
}
