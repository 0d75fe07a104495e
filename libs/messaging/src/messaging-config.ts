import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateIf, validateSync } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value);
const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const parsed = ({ true: true, '1': true, false: false, '0': false } as Record<string, boolean>)[value.toLowerCase()];
  return parsed ?? value;
};

const HOST_PORT = '[A-Za-z0-9.-]+:\\d{1,5}';
const THIRTY_DAYS_MS = 30 * 24 * 3600 * 1000;

/**
 * The relay's settings, from the environment, checked once at start. Kafka is optional: without
 * KAFKA_BROKERS the relay is not registered at all (see {@link loadMessagingConfig}). A bad value
 * stops the process naming the variable and the rule, never the value (it may be a secret).
 */
export class MessagingConfig {
  @Matches(new RegExp(`^\\s*${HOST_PORT}(\\s*,\\s*${HOST_PORT})*\\s*$`), { message: 'KAFKA_BROKERS must be a comma-separated list of host:port' })
  KAFKA_BROKERS!: string;

  @Matches(/^[A-Za-z0-9._-]{1,249}$/, { message: 'KAFKA_TOPIC must be 1-249 characters: letters, digits, ".", "_" or "-"' })
  KAFKA_TOPIC = 'survivor-fund.integration.v1';

  @Transform(toInt)
  @IsInt({ message: 'KAFKA_TOPIC_PARTITIONS must be an integer between 1 and 1000' })
  @Min(1, { message: 'KAFKA_TOPIC_PARTITIONS must be an integer between 1 and 1000' })
  @Max(1000, { message: 'KAFKA_TOPIC_PARTITIONS must be an integer between 1 and 1000' })
  KAFKA_TOPIC_PARTITIONS = 3;

  /** -1 leaves it to the broker's default.replication.factor. */
  @Transform(toInt)
  @IsInt({ message: 'KAFKA_TOPIC_REPLICATION_FACTOR must be -1 (broker default) or an integer between 1 and 10' })
  @Min(-1, { message: 'KAFKA_TOPIC_REPLICATION_FACTOR must be -1 (broker default) or an integer between 1 and 10' })
  @Max(10, { message: 'KAFKA_TOPIC_REPLICATION_FACTOR must be -1 (broker default) or an integer between 1 and 10' })
  KAFKA_TOPIC_REPLICATION_FACTOR = -1;

  @Transform(toInt)
  @IsInt({ message: 'KAFKA_TOPIC_RETENTION_MS must be an integer number of milliseconds, at least one hour' })
  @Min(3_600_000, { message: 'KAFKA_TOPIC_RETENTION_MS must be an integer number of milliseconds, at least one hour' })
  KAFKA_TOPIC_RETENTION_MS = THIRTY_DAYS_MS;

  @Matches(/^[A-Za-z0-9._-]{1,100}$/, { message: 'KAFKA_CLIENT_ID must be 1-100 characters: letters, digits, ".", "_" or "-"' })
  KAFKA_CLIENT_ID = 'survivor-fund-relay';

  /** Keys the HMAC that turns stream ids into Kafka keys; must stay the same across restarts. */
  @IsString({ message: 'KAFKA_KEY_SECRET is required when KAFKA_BROKERS is set (at least 32 characters, stable across restarts)' })
  @MinLength(32, { message: 'KAFKA_KEY_SECRET is required when KAFKA_BROKERS is set (at least 32 characters, stable across restarts)' })
  KAFKA_KEY_SECRET!: string;

  @IsOptional()
  @Transform(toBool)
  @IsIn([true, false], { message: 'KAFKA_SSL must be true or false' })
  KAFKA_SSL?: boolean;

  @IsOptional()
  @IsIn(['plain', 'scram-sha-256', 'scram-sha-512'], { message: 'KAFKA_SASL_MECHANISM must be one of: plain, scram-sha-256, scram-sha-512' })
  KAFKA_SASL_MECHANISM?: 'plain' | 'scram-sha-256' | 'scram-sha-512';

  @ValidateIf((c: MessagingConfig) => c.KAFKA_SASL_MECHANISM !== undefined)
  @IsString({ message: 'KAFKA_SASL_USERNAME is required with KAFKA_SASL_MECHANISM' })
  @MinLength(1, { message: 'KAFKA_SASL_USERNAME is required with KAFKA_SASL_MECHANISM' })
  KAFKA_SASL_USERNAME?: string;

  @ValidateIf((c: MessagingConfig) => c.KAFKA_SASL_MECHANISM !== undefined)
  @IsString({ message: 'KAFKA_SASL_PASSWORD is required with KAFKA_SASL_MECHANISM' })
  @MinLength(1, { message: 'KAFKA_SASL_PASSWORD is required with KAFKA_SASL_MECHANISM' })
  KAFKA_SASL_PASSWORD?: string;

  get brokers(): string[] {
    return this.KAFKA_BROKERS.split(',').map((b) => b.trim());
  }
}

export class MessagingConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'MessagingConfigError';
  }
}

/** Kafka on, with its checked settings; or off, with the reason /health reports. */
export type MessagingSettings = { readonly enabled: true; readonly config: MessagingConfig } | { readonly enabled: false; readonly reason: string };

const KNOWN = new Set([
  'KAFKA_BROKERS',
  'KAFKA_TOPIC',
  'KAFKA_TOPIC_PARTITIONS',
  'KAFKA_TOPIC_REPLICATION_FACTOR',
  'KAFKA_TOPIC_RETENTION_MS',
  'KAFKA_CLIENT_ID',
  'KAFKA_KEY_SECRET',
  'KAFKA_SSL',
  'KAFKA_SASL_MECHANISM',
  'KAFKA_SASL_USERNAME',
  'KAFKA_SASL_PASSWORD',
]);

export function loadMessagingConfig(env: NodeJS.ProcessEnv = process.env): MessagingSettings {
  if (!env.KAFKA_BROKERS?.trim()) return { enabled: false, reason: 'KAFKA_BROKERS is not set' };
  const raw = Object.fromEntries(Object.entries(env).filter(([k, v]) => KNOWN.has(k) && v !== undefined && v !== ''));
  const config = plainToInstance(MessagingConfig, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { forbidUnknownValues: true });
  if (errors.length > 0) throw new MessagingConfigError(errors.flatMap((e) => Object.values(e.constraints ?? {})).sort());
  return { enabled: true, config };
}

/** For main(): print what is wrong and stop, before anything opens. */
export function loadMessagingConfigOrExit(env: NodeJS.ProcessEnv = process.env): MessagingSettings {
  try {
    return loadMessagingConfig(env);
  } catch (error) {
    if (error instanceof MessagingConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
