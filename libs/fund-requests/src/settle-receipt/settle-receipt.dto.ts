import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { LOST_RECEIPT_REASONS, type LostReceiptReason } from '../vocabulary';

export class RecordReceiptDto {
  @ApiProperty({ description: 'The receipt total, integer cents' })
  @IsInt({ message: 'amountCents must be a whole number of cents' })
  @Min(1, { message: 'amountCents must be at least 1' })
  @Max(100_000_000, { message: 'amountCents must be at most 100000000' })
  amountCents!: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'the receipt or invoice attached to this request (POST /fund-requests/{requestId}/documents) that shows this payment' })
  @IsOptional()
  @IsUUID('all', { message: 'documentId must be a UUID' })
  documentId?: string;
}

export class AttestLostReceiptDto {
  @ApiProperty({ enum: LOST_RECEIPT_REASONS })
  @IsIn(LOST_RECEIPT_REASONS, { message: `reasonCode must be one of: ${LOST_RECEIPT_REASONS.join(', ')}` })
  reasonCode!: LostReceiptReason;
}
