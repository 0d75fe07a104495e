import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateIf, validateSync } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value);
const toBool = ({ value }: { value: unknown }) =>
  value === undefined ? undefined : typeof value === 'string' ? ({ true: true, '1': true, false: false, '0': false } as Record<string, boolean>)[value.toLowerCase()] ?? value : value;

/**
 * Every setting comes from the environment and is checked once at start. A bad value stops
 * the process with the variable's name and the rule, never the value (it may be a secret).
 */
export class AppConfig {
  /** `pglite`: embedded, files under DATA_DIR. `postgres`: DATABASE_URL. */
  @IsIn(['pglite', 'postgres'], { message: 'EVENT_STORE must be one of: pglite, postgres' })
  EVENT_STORE: 'pglite' | 'postgres' = 'pglite';

  @IsString()
  @MinLength(1, { message: 'DATA_DIR must be a folder path' })
  DATA_DIR = './data';

  @ValidateIf((c: AppConfig) => c.EVENT_STORE === 'postgres' || c.DATABASE_URL !== undefined)
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// connection URL (required when EVENT_STORE=postgres)' })
  DATABASE_URL?: string;

  @Transform(toInt)
  @IsInt({ message: 'PG_POOL_SIZE must be an integer' })
  @Min(1, { message: 'PG_POOL_SIZE must be at least 1' })
  @Max(200, { message: 'PG_POOL_SIZE must be at most 200' })
  PG_POOL_SIZE = 10;

  @Transform(toInt)
  @IsInt({ message: 'PORT must be an integer between 1 and 65535' })
  @Min(1, { message: 'PORT must be an integer between 1 and 65535' })
  @Max(65535, { message: 'PORT must be an integer between 1 and 65535' })
  PORT = 3000;

  @IsString()
  HOST = '127.0.0.1';

  @Transform(toInt)
  @IsInt({ message: 'WORKER_PORT must be an integer between 1 and 65535' })
  @Min(1, { message: 'WORKER_PORT must be an integer between 1 and 65535' })
  @Max(65535, { message: 'WORKER_PORT must be an integer between 1 and 65535' })
  WORKER_PORT = 3001;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    message: 'LOG_LEVEL must be one of: fatal, error, warn, info, debug, trace, silent',
  })
  LOG_LEVEL = 'info';

  /** Run projections in the api process. Always on for the embedded store (one process owns the files). */
  @IsOptional()
  @Transform(toBool)
  @IsIn([true, false], { message: 'WORKER_IN_PROCESS must be true or false' })
  WORKER_IN_PROCESS?: boolean;

  get workerInProcess(): boolean {
    return this.EVENT_STORE === 'pglite' || (this.WORKER_IN_PROCESS ?? false);
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const KNOWN = new Set(Object.keys(new AppConfig()).concat(['DATABASE_URL', 'WORKER_IN_PROCESS']));

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw = Object.fromEntries(Object.entries(env).filter(([k, v]) => KNOWN.has(k) && v !== undefined && v !== ''));
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { forbidUnknownValues: true });
  if (errors.length > 0) {
    throw new ConfigError(errors.flatMap((e) => Object.values(e.constraints ?? {})).sort());
  }
  return config;
}

/** For main(): print what is wrong and stop, before anything opens. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
