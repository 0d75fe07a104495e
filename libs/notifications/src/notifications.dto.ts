import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { Transform } from 'class-transformer';
import { DELIVERIES, NOTIFICATION_KINDS, type Delivery, type NotificationKind } from './notification-kinds';

export class NotificationsQueryDto {
  @ApiPropertyOptional({ type: Boolean, description: 'only unread ones' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'unread must be true or false' })
  unread?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number from 1 to 200' })
  @Min(1, { message: 'limit must be a whole number from 1 to 200' })
  @Max(200, { message: 'limit must be a whole number from 1 to 200' })
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'offset must be a whole number, 0 or more' })
  @Min(0, { message: 'offset must be a whole number, 0 or more' })
  offset?: number;
}

export class SetPreferenceDto {
  @ApiProperty({ enum: NOTIFICATION_KINDS })
  @IsIn(NOTIFICATION_KINDS, { message: `kind must be one of: ${NOTIFICATION_KINDS.join(', ')}` })
  kind!: NotificationKind;

  @ApiProperty({ enum: DELIVERIES })
  @IsIn(DELIVERIES, { message: `delivery must be one of: ${DELIVERIES.join(', ')}` })
  delivery!: Delivery;
}

export class MessageIdParam {
  @ApiProperty({ example: '4f1c0c2a9e0b4d7f8a6b3c2d1e0f9a8b' })
  @Matches(/^[0-9a-f]{32}$/, { message: 'messageId must be a notification id' })
  messageId!: string;
}
