import { ApiProperty } from '@nestjs/swagger';
import { DELIVERIES, NOTIFICATION_KINDS, sentenceOf, type Delivery, type NotificationKind } from './notification-kinds';

export class NotificationView {
  @ApiProperty({ example: '4f1c0c2a9e0b4d7f8a6b3c2d1e0f9a8b' }) readonly messageId!: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) readonly kind!: NotificationKind;
  @ApiProperty({ description: 'what waits, and nothing more', example: sentenceOf('vote-requested') }) readonly text!: string;
  @ApiProperty({ description: 'path in the web app', example: '/app/requests/0b7e5f0e-3c5e-4d7a-9b1f-2d6c8a4e9f10' }) readonly link!: string;
  @ApiProperty({ format: 'date-time' }) readonly createdAt!: string;
  @ApiProperty() readonly read!: boolean;
}

export class NotificationsPageView {
  @ApiProperty({ type: [NotificationView] }) readonly items!: readonly NotificationView[];
  @ApiProperty({ description: 'unread notifications in all, not only on this page' }) readonly unread!: number;
}

export class UnreadCountView {
  @ApiProperty() readonly unread!: number;
}

export class MarkedReadView {
  @ApiProperty({ description: 'notifications newly marked read' }) readonly marked!: number;
}

export class PreferenceView {
  @ApiProperty({ enum: NOTIFICATION_KINDS }) readonly kind!: NotificationKind;
  @ApiProperty({ enum: DELIVERIES, description: 'email: at once, in the daily digest, or not at all (the in-app list shows every notification)' }) readonly delivery!: Delivery;
}

export class PreferencesView {
  @ApiProperty({ type: [PreferenceView] }) readonly items!: readonly PreferenceView[];
}

export class DeadLetterView {
  @ApiProperty() readonly messageId!: string;
  @ApiProperty({ enum: [...NOTIFICATION_KINDS, 'digest'] }) readonly kind!: string;
  @ApiProperty({ description: 'user id of the person it was for (see /people)' }) readonly recipientId!: string;
  @ApiProperty() readonly attempts!: number;
  @ApiProperty({ type: String, nullable: true, description: 'an error code (SMTP_550, ECONNECTION...), never the server text' }) readonly lastError!: string | null;
  @ApiProperty({ format: 'date-time' }) readonly createdAt!: string;
}

export class DeadLettersView {
  @ApiProperty({ type: [DeadLetterView] }) readonly items!: readonly DeadLetterView[];
}

export class RetryView {
  @ApiProperty() readonly messageId!: string;
  @ApiProperty({ enum: ['pending'] }) readonly emailState!: 'pending';
}
