import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { budgetActuals, fundFigures, type OpenFundState } from './fund.decider';
import { SetFundRestrictionsDto } from './set-fund-restrictions/set-fund-restrictions.dto';

export class RestrictionRevisionView extends SetFundRestrictionsDto {
  @ApiProperty({ type: 'integer', description: '1: the award; each amendment adds one' }) readonly revision!: number;
  @ApiProperty({ example: '2026-10-01' }) readonly effectiveOn!: string;
}

export class BudgetLineActualView {
  @ApiProperty() readonly lineId!: string;
  @ApiProperty({ type: [String] }) readonly categories!: readonly string[];
  @ApiProperty({ type: 'integer', description: 'integer cents budgeted' }) readonly budgetCents!: number;
  @ApiProperty({ type: 'integer', description: 'integer cents reserved for approved requests, not yet paid' }) readonly reservedCents!: number;
  @ApiProperty({ type: 'integer', description: 'integer cents paid out' }) readonly spentCents!: number;
  @ApiProperty({ type: 'integer', description: 'budget - reserved - spent' }) readonly remainingCents!: number;
}

/** A fund's grant restrictions (every revision, latest last) and each budget line against what is committed to it. */
export class FundRestrictionsView {
  @ApiProperty() readonly fundId!: string;
  @ApiProperty() readonly restricted!: boolean;
  @ApiPropertyOptional({ type: RestrictionRevisionView, nullable: true, description: 'the revision in force; null when none was set' })
  readonly current!: RestrictionRevisionView | null;
  @ApiProperty({ type: [RestrictionRevisionView] }) readonly revisions!: RestrictionRevisionView[];
  @ApiProperty({ type: [BudgetLineActualView] }) readonly budget!: BudgetLineActualView[];
  @ApiProperty({ type: 'integer', description: 'integer cents: balance - reserved' }) readonly availableCents!: number;
}

export function toFundRestrictionsView(state: OpenFundState): FundRestrictionsView {
  const revisions = state.revisions.map(({ revision, effectiveOn, reference, restrictions }) => ({
    revision,
    effectiveOn,
    ...(reference ? { reference } : {}),
    purpose: { ...restrictions.purpose, categories: [...restrictions.purpose.categories], paymentMethods: [...restrictions.purpose.paymentMethods] },
    period: { ...restrictions.period },
    budgetLines: restrictions.budgetLines.map((l) => ({ ...l, categories: [...l.categories] })),
    ...(restrictions.match ? { match: { ...restrictions.match } } : {}),
  })) as RestrictionRevisionView[];
  return {
    fundId: state.fundId,
    restricted: state.restricted,
    current: revisions.at(-1) ?? null,
    revisions,
    budget: budgetActuals(state),
    availableCents: fundFigures(state).availableCents,
  };
}
