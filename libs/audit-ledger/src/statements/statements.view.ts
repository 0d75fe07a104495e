import { ApiProperty } from '@nestjs/swagger';
import type {
  BudgetLineActual,
  ClassLine,
  FundPosition,
  FundPositions,
  GrantBudget,
  InKindDisclosure,
  InKindDisclosureRow,
  StatementOfActivities,
  StatementPeriod,
} from './statements';

const cents = (description: string) => ({ type: 'integer', description: `integer cents: ${description}` }) as const;

export class StatementPeriodView implements StatementPeriod {
  @ApiProperty({ example: '2026-10-01', description: 'first effective day, included' }) readonly from!: string;
  @ApiProperty({ example: '2026-12-31', description: 'last effective day, included' }) readonly to!: string;
}

export class ClassLineView implements ClassLine {
  @ApiProperty({ description: 'the ledger account (or group) the line adds up', example: 'donations:monetary:grant' }) readonly key!: string;
  @ApiProperty() readonly label!: string;
  @ApiProperty(cents('net assets without donor restrictions')) readonly withoutRestrictionsCents!: number;
  @ApiProperty(cents('net assets with donor restrictions')) readonly withRestrictionsCents!: number;
  @ApiProperty(cents('both classes')) readonly totalCents!: number;
}

export class StatementOfActivitiesView implements StatementOfActivities {
  @ApiProperty({ type: StatementPeriodView }) readonly period!: StatementPeriodView;
  @ApiProperty({ type: [ClassLineView], description: 'money donated, by donor kind, in the class of its revenue account' }) readonly monetaryRevenue!: ClassLineView[];
  @ApiProperty({ type: [ClassLineView], description: 'contributed nonfinancial assets (gifts in kind), by category, on their own lines' }) readonly inKindRevenue!: ClassLineView[];
  @ApiProperty({ type: [ClassLineView], description: 'donated stock sold for more than its recorded value: the excess, by category' }) readonly gainsOnSales!: ClassLineView[];
  @ApiProperty({ type: ClassLineView }) readonly totalRevenueAndSupport!: ClassLineView;
  @ApiProperty({ type: ClassLineView, description: 'restricted money spent for its purpose: negative with restrictions, positive without' })
  readonly releasesFromRestriction!: ClassLineView;
  @ApiProperty({ type: [ClassLineView], description: 'assistance given (money and goods), by expense category' }) readonly expenses!: ClassLineView[];
  @ApiProperty({ type: [ClassLineView], description: 'donated stock gone without a disbursement, by reason' }) readonly stockWriteOffs!: ClassLineView[];
  @ApiProperty({ type: [ClassLineView], description: 'donated stock sold for less than its recorded value: the shortfall, by category' }) readonly lossesOnSales!: ClassLineView[];
  @ApiProperty({ type: ClassLineView }) readonly totalExpenses!: ClassLineView;
  @ApiProperty({ type: ClassLineView }) readonly changeInNetAssets!: ClassLineView;
  @ApiProperty({ type: ClassLineView }) readonly netAssetsBeginning!: ClassLineView;
  @ApiProperty({ type: ClassLineView }) readonly netAssetsEnding!: ClassLineView;
}

export class FundPositionView implements FundPosition {
  @ApiProperty() readonly fundId!: string;
  @ApiProperty() readonly name!: string;
  @ApiProperty() readonly restricted!: boolean;
  @ApiProperty(cents('cash held before the first day')) readonly openingCashCents!: number;
  @ApiProperty(cents('money received in the period: donations and the proceeds of donated stock sold')) readonly receivedCents!: number;
  @ApiProperty(cents('paid out in the period')) readonly paidCents!: number;
  @ApiProperty(cents('voided payments returned in the period')) readonly voidsReturnedCents!: number;
  @ApiProperty(cents('cash held at the end of the last day')) readonly closingCashCents!: number;
  @ApiProperty(cents('reserved for approved requests at the period end')) readonly committedCents!: number;
  @ApiProperty(cents('closing cash - committed')) readonly availableCents!: number;
  @ApiProperty(cents('released from restriction in the period')) readonly releasedInPeriodCents!: number;
  @ApiProperty(cents('unspent restricted money at the period end')) readonly withRestrictionsCents!: number;
  @ApiProperty(cents('closing cash - with restrictions')) readonly withoutRestrictionsCents!: number;
}

export class FundPositionTotalsView {
  @ApiProperty(cents('all funds')) readonly closingCashCents!: number;
  @ApiProperty(cents('all funds')) readonly committedCents!: number;
  @ApiProperty(cents('all funds')) readonly withRestrictionsCents!: number;
  @ApiProperty(cents('all funds, and stock on hand')) readonly withoutRestrictionsCents!: number;
  @ApiProperty(cents('cash of all funds + stock on hand')) readonly netAssetsCents!: number;
}

export class FundPositionsView implements FundPositions {
  @ApiProperty({ type: StatementPeriodView }) readonly period!: StatementPeriodView;
  @ApiProperty({ type: [FundPositionView] }) readonly funds!: FundPositionView[];
  @ApiProperty(cents('donated cards and goods on hand at the period end, at recorded value')) readonly stockOnHandCents!: number;
  @ApiProperty({ type: FundPositionTotalsView }) readonly totals!: FundPositionTotalsView;
}

export class StatementBudgetLineView implements BudgetLineActual {
  @ApiProperty() readonly lineId!: string;
  @ApiProperty({ type: [String] }) readonly categories!: string[];
  @ApiProperty(cents('budgeted')) readonly budgetCents!: number;
  @ApiProperty(cents('paid from the grant start to the period end')) readonly spentCents!: number;
  @ApiProperty(cents('paid in the period')) readonly spentInPeriodCents!: number;
  @ApiProperty(cents('reserved at the period end')) readonly committedCents!: number;
  @ApiProperty(cents('budget - spent - committed')) readonly remainingCents!: number;
}

export class PerformancePeriodView {
  @ApiProperty({ example: '2026-10-01' }) readonly firstDay!: string;
  @ApiProperty({ example: '2027-09-30' }) readonly lastDay!: string;
}

export class OutsideLinesView {
  @ApiProperty(cents('paid in categories outside every line')) readonly spentCents!: number;
  @ApiProperty(cents('reserved in categories outside every line')) readonly committedCents!: number;
}

export class GrantBudgetTotalsView {
  @ApiProperty(cents('all lines')) readonly budgetCents!: number;
  @ApiProperty(cents('all lines')) readonly spentCents!: number;
  @ApiProperty(cents('all lines')) readonly spentInPeriodCents!: number;
  @ApiProperty(cents('all lines')) readonly committedCents!: number;
  @ApiProperty(cents('all lines')) readonly remainingCents!: number;
}

export class GrantBudgetView implements GrantBudget {
  @ApiProperty() readonly fundId!: string;
  @ApiProperty() readonly name!: string;
  @ApiProperty({ type: String, nullable: true, description: 'award number or agreement reference of the restrictions in force' }) readonly awardReference!: string | null;
  @ApiProperty({ type: PerformancePeriodView, nullable: true }) readonly periodOfPerformance!: PerformancePeriodView | null;
  @ApiProperty({ type: Number, nullable: true, description: 'share of the period of performance gone by at the last day, 0 to 100' })
  readonly percentOfPeriodElapsed!: number | null;
  @ApiProperty({ type: [StatementBudgetLineView] }) readonly lines!: StatementBudgetLineView[];
  @ApiProperty({ type: OutsideLinesView }) readonly outsideLines!: OutsideLinesView;
  @ApiProperty({ type: GrantBudgetTotalsView }) readonly totals!: GrantBudgetTotalsView;
}

export class InKindDisclosureRowView implements InKindDisclosureRow {
  @ApiProperty({ example: 'winter_gear' }) readonly category!: string;
  @ApiProperty(cents('received in the period, at recorded value')) readonly receivedCents!: number;
  @ApiProperty(cents('handed to survivors in the period (used in the program)')) readonly usedCents!: number;
  @ApiProperty(cents('sold in the period (monetized), at recorded value')) readonly monetizedCents!: number;
  @ApiProperty(cents('what the buyers paid for the stock sold in the period')) readonly saleProceedsCents!: number;
  @ApiProperty(cents('lost, expired, damaged or corrected in the period')) readonly writtenOffCents!: number;
  @ApiProperty(cents('on hand at the period end')) readonly onHandEndCents!: number;
  @ApiProperty({ example: 'No donor restrictions' }) readonly restrictions!: string;
  @ApiProperty({ type: [String], example: ['fair_market_value'], description: 'valuation techniques of the gifts received in the period; not_recorded where a receipt stated none' })
  readonly valuationTechniques!: string[];
}

export class InKindTotalsView {
  @ApiProperty(cents('all categories')) readonly receivedCents!: number;
  @ApiProperty(cents('all categories')) readonly usedCents!: number;
  @ApiProperty(cents('all categories')) readonly monetizedCents!: number;
  @ApiProperty(cents('all categories')) readonly saleProceedsCents!: number;
  @ApiProperty(cents('all categories')) readonly writtenOffCents!: number;
  @ApiProperty(cents('all categories')) readonly onHandEndCents!: number;
}

export class InKindDisclosureView implements InKindDisclosure {
  @ApiProperty({ type: StatementPeriodView }) readonly period!: StatementPeriodView;
  @ApiProperty({ type: [InKindDisclosureRowView] }) readonly rows!: InKindDisclosureRowView[];
  @ApiProperty({ type: InKindTotalsView }) readonly totals!: InKindTotalsView;
}

/** The four statements of one period, as the JSON route answers them. */
export class FinancialStatementsView {
  @ApiProperty({ example: 'Statewide Survivor Support Coalition' }) readonly coalition!: string;
  @ApiProperty({ type: StatementPeriodView }) readonly period!: StatementPeriodView;
  @ApiProperty({ format: 'date-time' }) readonly generatedAt!: string;
  @ApiProperty({ type: StatementOfActivitiesView }) readonly activities!: StatementOfActivitiesView;
  @ApiProperty({ type: FundPositionsView }) readonly fundPositions!: FundPositionsView;
  @ApiProperty({ type: [GrantBudgetView] }) readonly budgetVersusActual!: GrantBudgetView[];
  @ApiProperty({ type: InKindDisclosureView }) readonly inKindDisclosure!: InKindDisclosureView;
}
