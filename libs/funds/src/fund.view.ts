import { ApiProperty, IntersectionType } from '@nestjs/swagger';
import { CommandPosition } from '@fund/platform';
import { fundFigures, type OpenFundState } from './fund.decider';

/** What the api shows of a fund: its identity and the derived figures, never per-request detail. */
export class FundView {
  @ApiProperty({ example: 'general' }) readonly fundId!: string;
  @ApiProperty({ example: 'General donations' }) readonly name!: string;
  @ApiProperty() readonly restricted!: boolean;
  @ApiProperty({ enum: ['open'] }) readonly status!: 'open';
  @ApiProperty({ type: 'integer', description: 'integer cents' }) readonly receivedCents!: number;
  @ApiProperty({ type: 'integer', description: 'integer cents' }) readonly disbursedCents!: number;
  @ApiProperty({ type: 'integer', description: 'integer cents held for approved requests' }) readonly reservedCents!: number;
  @ApiProperty({ type: 'integer', description: 'integer cents: received - disbursed' }) readonly balanceCents!: number;
  @ApiProperty({ type: 'integer', description: 'integer cents: balance - reserved' }) readonly availableCents!: number;
}

/** What POST /funds answers: the fund, and the consistency token of the write. */
export class OpenFundResult extends IntersectionType(FundView, CommandPosition) {}

export function toFundView(state: OpenFundState): FundView {
  return { fundId: state.fundId, name: state.name, restricted: state.restricted, status: state.status, ...fundFigures(state) };
}

export interface VersionedFund {
  readonly version: number;
  readonly fund: FundView;
}
