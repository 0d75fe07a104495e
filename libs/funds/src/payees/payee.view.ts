import { ApiProperty, IntersectionType } from '@nestjs/swagger';
import { CommandPosition } from '@fund/platform';
import type { PayeeState } from './payee.decider';
import { PAYEE_KINDS, type PayeeKind } from './payee.events';

export class PayeeView {
  @ApiProperty({ example: 'maine-motel-llc' }) readonly payeeId!: string;
  @ApiProperty({ example: 'Maine Motel LLC' }) readonly name!: string;
  @ApiProperty({ enum: PAYEE_KINDS }) readonly kind!: PayeeKind;
  @ApiProperty({ type: 'string', nullable: true, example: '12-3456789', description: 'an EIN, or null' }) readonly taxId!: string | null;
}

export class RegisterPayeeResult extends IntersectionType(PayeeView, CommandPosition) {}

export function toPayeeView(state: Extract<PayeeState, { status: 'registered' }>): PayeeView {
  return { payeeId: state.payeeId, name: state.name, kind: state.kind, taxId: state.taxId };
}
