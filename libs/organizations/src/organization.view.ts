import { ApiProperty } from '@nestjs/swagger';
import { CommandPosition } from '@fund/platform';
import { SURVIVOR_REFERENCE } from './survivor-reference';
import { COUNTIES, PROVIDER_TYPES, type County, type ProviderType } from './vocabulary';

export class OverdueReceiptView {
  @ApiProperty({ format: 'uuid' }) readonly requestId!: string;
  @ApiProperty({ format: 'uuid' }) readonly disbursementId!: string;
  @ApiProperty({ format: 'date' }) readonly dueOn!: string;
}

/** A member agency as the fund knows it: its kind and county, and how its receipts stand. */
export class OrganizationView {
  @ApiProperty({ example: 'ssac-portland' }) readonly organizationId!: string;
  @ApiProperty({ enum: PROVIDER_TYPES }) readonly providerType!: ProviderType;
  @ApiProperty({ enum: COUNTIES }) readonly county!: County;
  @ApiProperty({ type: 'integer', description: 'receipts due and not yet settled' }) readonly receiptsDue!: number;
  @ApiProperty({ type: [OverdueReceiptView] }) readonly receiptsOverdue!: readonly OverdueReceiptView[];
}

export class RegisterOrganizationResult extends CommandPosition {
  @ApiProperty({ example: 'ssac-portland' }) readonly organizationId!: string;
  @ApiProperty({ enum: PROVIDER_TYPES }) readonly providerType!: ProviderType;
  @ApiProperty({ enum: COUNTIES }) readonly county!: County;
}

export class IssuedSurvivorReference extends CommandPosition {
  @ApiProperty({ pattern: SURVIVOR_REFERENCE.source, example: 'SR-7KQ4-M2XP-9D3H', description: 'keep it in your own file; the fund never learns who it stands for' })
  readonly reference!: string;

  @ApiProperty({ description: 'the organization it was issued to: the caller' }) readonly organizationId!: string;
}
