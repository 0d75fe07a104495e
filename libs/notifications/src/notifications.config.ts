import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value);
const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  return ({ true: true, '1': true, false: false, '0': false } as Record<string, boolean>)[value.toLowerCase()] ?? value;
};

/**
 * Notification settings from the environment, checked once at start. Without SMTP_HOST no email
 * leaves (the in-app list still fills). A bad value stops the process naming the variable and
 * the rule, never the value (SMTP_PASSWORD is a secret).
 */
export class NotificationsConfig {
  @IsOptional()
  @Matches(/^[A-Za-z0-9.-]{1,253}$/, { message: 'SMTP_HOST must be a host name or IPv4 address' })
  SMTP_HOST?: string;

  @Transform(toInt)
  @IsInt({ message: 'SMTP_PORT must be an integer between 1 and 65535' })
  @Min(1, { message: 'SMTP_PORT must be an integer between 1 and 65535' })
  @Max(65535, { message: 'SMTP_PORT must be an integer between 1 and 65535' })
  SMTP_PORT = 587;

  /** true: TLS from the first byte (port 465); false: STARTTLS when the server offers it. */
  @Transform(toBool)
  @IsIn([true, false], { message: 'SMTP_SECURE must be true or false' })
  SMTP_SECURE = false;

  /** Refuse to send over a connection that could not be upgraded to TLS. */
  @Transform(toBool)
  @IsIn([true, false], { message: 'SMTP_REQUIRE_TLS must be true or false' })
  SMTP_REQUIRE_TLS = false;

  @IsOptional()
  @IsString({ message: 'SMTP_USER must be a user name' })
  SMTP_USER?: string;

  @IsOptional()
  @IsString({ message: 'SMTP_PASSWORD must be a string' })
  SMTP_PASSWORD?: string;

  @Transform(toInt)
  @IsInt({ message: 'SMTP_MAX_CONNECTIONS must be an integer between 1 and 50' })
  @Min(1, { message: 'SMTP_MAX_CONNECTIONS must be an integer between 1 and 50' })
  @Max(50, { message: 'SMTP_MAX_CONNECTIONS must be an integer between 1 and 50' })
  SMTP_MAX_CONNECTIONS = 3;

  @Matches(/^[^\s<>@]+@[A-Za-z0-9.-]+$/, { message: 'NOTIFY_FROM must be an email address' })
  NOTIFY_FROM = 'survivor-fund@localhost';

  /** Where links in messages point: the web app's origin. */
  @Matches(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, { message: 'NOTIFY_WEB_URL must be an http(s) URL (the web app)' })
  NOTIFY_WEB_URL = 'http://127.0.0.1:3000';

  /** An emergency request still undecided this long after submission is escalated. */
  @Transform(toInt)
  @IsInt({ message: 'NOTIFY_ESCALATION_HOURS must be an integer between 1 and 168' })
  @Min(1, { message: 'NOTIFY_ESCALATION_HOURS must be an integer between 1 and 168' })
  @Max(168, { message: 'NOTIFY_ESCALATION_HOURS must be an integer between 1 and 168' })
  NOTIFY_ESCALATION_HOURS = 4;

  /** Days before a receipt's due date that its provider is reminded. */
  @Transform(toInt)
  @IsInt({ message: 'NOTIFY_RECEIPT_REMINDER_DAYS must be an integer between 1 and 30' })
  @Min(1, { message: 'NOTIFY_RECEIPT_REMINDER_DAYS must be an integer between 1 and 30' })
  @Max(30, { message: 'NOTIFY_RECEIPT_REMINDER_DAYS must be an integer between 1 and 30' })
  NOTIFY_RECEIPT_REMINDER_DAYS = 3;

  /** The daily digest goes out at this hour (UTC). */
  @Transform(toInt)
  @IsInt({ message: 'NOTIFY_DIGEST_HOUR_UTC must be an integer between 0 and 23' })
  @Min(0, { message: 'NOTIFY_DIGEST_HOUR_UTC must be an integer between 0 and 23' })
  @Max(23, { message: 'NOTIFY_DIGEST_HOUR_UTC must be an integer between 0 and 23' })
  NOTIFY_DIGEST_HOUR_UTC = 7;

  /** Attempts before a message goes to the dead letters. */
  @Transform(toInt)
  @IsInt({ message: 'NOTIFY_MAX_ATTEMPTS must be an integer between 1 and 50' })
  @Min(1, { message: 'NOTIFY_MAX_ATTEMPTS must be an integer between 1 and 50' })
  @Max(50, { message: 'NOTIFY_MAX_ATTEMPTS must be an integer between 1 and 50' })
  NOTIFY_MAX_ATTEMPTS = 8;

  /** First retry delay; each next one doubles, up to an hour. */
  @Transform(toInt)
  @IsInt({ message: 'NOTIFY_RETRY_BASE_MS must be an integer between 100 and 3600000' })
  @Min(100, { message: 'NOTIFY_RETRY_BASE_MS must be an integer between 100 and 3600000' })
  @Max(3_600_000, { message: 'NOTIFY_RETRY_BASE_MS must be an integer between 100 and 3600000' })
  NOTIFY_RETRY_BASE_MS = 30_000;

  /** How often the sender looks for messages to send. */
  @Transform(toInt)
  @IsInt({ message: 'NOTIFY_POLL_MS must be an integer between 10 and 60000' })
  @Min(10, { message: 'NOTIFY_POLL_MS must be an integer between 10 and 60000' })
  @Max(60_000, { message: 'NOTIFY_POLL_MS must be an integer between 10 and 60000' })
  NOTIFY_POLL_MS = 250;

  /** How often escalations, receipt reminders and digests are looked for. */
  @Transform(toInt)
  @IsInt({ message: 'NOTIFY_SWEEP_MS must be an integer between 10 and 3600000' })
  @Min(10, { message: 'NOTIFY_SWEEP_MS must be an integer between 10 and 3600000' })
  @Max(3_600_000, { message: 'NOTIFY_SWEEP_MS must be an integer between 10 and 3600000' })
  NOTIFY_SWEEP_MS = 60_000;

  /** A claimed message is the claiming sender's for this long; after it, a crashed sender's messages are sent again. */
  @Transform(toInt)
  @IsInt({ message: 'NOTIFY_LEASE_MS must be an integer between 1000 and 3600000' })
  @Min(1000, { message: 'NOTIFY_LEASE_MS must be an integer between 1000 and 3600000' })
  @Max(3_600_000, { message: 'NOTIFY_LEASE_MS must be an integer between 1000 and 3600000' })
  NOTIFY_LEASE_MS = 120_000;

  /** Events older than this make no message (a rebuild, or a worker back from a long outage, does not flood people). */
  @Transform(toInt)
  @IsInt({ message: 'NOTIFY_MAX_AGE_HOURS must be an integer between 1 and 720' })
  @Min(1, { message: 'NOTIFY_MAX_AGE_HOURS must be an integer between 1 and 720' })
  @Max(720, { message: 'NOTIFY_MAX_AGE_HOURS must be an integer between 1 and 720' })
  NOTIFY_MAX_AGE_HOURS = 72;
}

export interface NotificationSettings {
  readonly smtp?: {
    readonly host: string;
    readonly port: number;
    readonly secure: boolean;
    readonly requireTls: boolean;
    readonly user?: string;
    readonly password?: string;
    readonly maxConnections: number;
  };
  readonly from: string;
  readonly webUrl: string;
  readonly escalationHours: number;
  readonly receiptReminderDays: number;
  readonly digestHourUtc: number;
  readonly maxAttempts: number;
  readonly retryBaseMs: number;
  readonly pollMs: number;
  readonly sweepMs: number;
  readonly leaseMs: number;
  readonly maxAgeHours: number;
}

export const NOTIFICATION_SETTINGS = Symbol('NOTIFICATION_SETTINGS');

export function loadNotificationSettings(env: Readonly<Record<string, string | undefined>> = process.env): NotificationSettings {
  const picked = Object.fromEntries(Object.entries(env).filter(([k, v]) => (k.startsWith('SMTP_') || k.startsWith('NOTIFY_')) && v !== undefined && v !== ''));
  const c = plainToInstance(NotificationsConfig, picked);
  const problems = validateSync(c, { forbidUnknownValues: false }).flatMap((e) => Object.values(e.constraints ?? {}));
  if (problems.length > 0) throw new Error(`Invalid notification settings:\n  ${[...new Set(problems)].join('\n  ')}`);
  return {
    ...(c.SMTP_HOST
      ? {
          smtp: {
            host: c.SMTP_HOST,
            port: c.SMTP_PORT,
            secure: c.SMTP_SECURE,
            requireTls: c.SMTP_REQUIRE_TLS,
            ...(c.SMTP_USER ? { user: c.SMTP_USER } : {}),
            ...(c.SMTP_PASSWORD ? { password: c.SMTP_PASSWORD } : {}),
            maxConnections: c.SMTP_MAX_CONNECTIONS,
          },
        }
      : {}),
    from: c.NOTIFY_FROM,
    webUrl: c.NOTIFY_WEB_URL.replace(/\/$/, ''),
    escalationHours: c.NOTIFY_ESCALATION_HOURS,
    receiptReminderDays: c.NOTIFY_RECEIPT_REMINDER_DAYS,
    digestHourUtc: c.NOTIFY_DIGEST_HOUR_UTC,
    maxAttempts: c.NOTIFY_MAX_ATTEMPTS,
    retryBaseMs: c.NOTIFY_RETRY_BASE_MS,
    pollMs: c.NOTIFY_POLL_MS,
    sweepMs: c.NOTIFY_SWEEP_MS,
    leaseMs: c.NOTIFY_LEASE_MS,
    maxAgeHours: c.NOTIFY_MAX_AGE_HOURS,
  };
}
