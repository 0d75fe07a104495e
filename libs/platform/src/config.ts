import { plainToInstance, Transform } from 'class-transformer';
import { KURRENTDB_URL_PATTERN } from '@fund/event-sourcing';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf, validateSync } from 'class-validator';

/** Names a key-encryption key; stored beside every data key it wraps, so it must stay stable. */
export const NARRATIVE_KEK_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const NARRATIVE_KEK_ENTRY = /^([A-Za-z0-9][A-Za-z0-9._-]{0,63}):([A-Za-z0-9+/]{43}=)$/;
const NARRATIVE_KEK_RULE =
  'NARRATIVE_KEK must list one or more <id>:<base64 of 32 random bytes> entries, separated by commas or line breaks (generate one: printf "kek-1:%s" "$(openssl rand -base64 32)")';

export interface NarrativeKekEntry {
  readonly id: string;
  readonly key: Buffer;
}

export interface NarrativeKeyring {
  /** Wraps every new data key (and every re-wrapped one). */
  readonly current: NarrativeKekEntry;
  /** Every entry, the current one included; the others only unwrap, until rotation has moved their keys. */
  readonly entries: readonly NarrativeKekEntry[];
}

/**
 * Parses a narrative keyring (`NARRATIVE_KEK`, the file `NARRATIVE_KEK_FILE` names, or the
 * generated local one). Problems name `source` and the rule, never the text: it is a secret.
 */
export function parseNarrativeKeyring(text: string, source: string, currentId?: string): { keyring?: NarrativeKeyring; problems: string[] } {
  const rule = NARRATIVE_KEK_RULE.replace('NARRATIVE_KEK', source);
  const parts = text.split(/[\s,]+/).filter((p) => p.length > 0);
  const entries: NarrativeKekEntry[] = [];
  for (const part of parts) {
    const match = NARRATIVE_KEK_ENTRY.exec(part);
    if (!match) return { problems: [rule] };
    entries.push({ id: match[1] ?? '', key: Buffer.from(match[2] ?? '', 'base64') });
  }
  if (entries.length === 0) return { problems: [rule] };
  const ids = entries.map((e) => e.id);
  if (new Set(ids).size !== ids.length) return { problems: [`${source} lists the same key id twice`] };
  if (currentId === undefined && entries.length > 1) {
    return { problems: [`NARRATIVE_KEK_ID must name the key that wraps new data keys when ${source} lists more than one (ids: ${ids.join(', ')})`] };
  }
  const current = currentId === undefined ? entries[0] : entries.find((e) => e.id === currentId);
  if (!current) return { problems: [`NARRATIVE_KEK_ID names a key that ${source} does not list (ids: ${ids.join(', ')})`] };
  return { keyring: { current, entries }, problems: [] };
}

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value);
const toBool = ({ value }: { value: unknown }) =>
  value === undefined ? undefined : typeof value === 'string' ? ({ true: true, '1': true, false: false, '0': false } as Record<string, boolean>)[value.toLowerCase()] ?? value : value;

/**
 * Every setting comes from the environment and is checked once at start. A bad value stops
 * the process with the variable's name and the rule, never the value (it may be a secret).
 */
export class AppConfig {
  /** `pglite`: embedded, files under DATA_DIR. `postgres`: DATABASE_URL. */
  @IsIn(['pglite', 'postgres', 'kurrentdb'], { message: 'EVENT_STORE must be one of: pglite, postgres, kurrentdb' })
  EVENT_STORE: 'pglite' | 'postgres' | 'kurrentdb' = 'pglite';

  @ValidateIf((c: AppConfig) => c.EVENT_STORE === 'kurrentdb' || c.KURRENTDB_URL !== undefined)
  @Matches(KURRENTDB_URL_PATTERN, { message: 'KURRENTDB_URL must be a kurrentdb:// (or esdb://) connection string (required when EVENT_STORE=kurrentdb)' })
  KURRENTDB_URL?: string;

  @IsString()
  @MinLength(1, { message: 'DATA_DIR must be a folder path' })
  DATA_DIR = './data';

  @ValidateIf((c: AppConfig) => c.EVENT_STORE !== 'pglite' || c.DATABASE_URL !== undefined)
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// connection URL (required when EVENT_STORE=postgres, and for read models when EVENT_STORE=kurrentdb)' })
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

  /**
   * Worker threads a rebuild of every read model spreads the projections over (read models in
   * PostgreSQL; the log is still read once). 1, the default: every projection on the main thread.
   * Two threads rebuilt 1M events 1.77x faster than one pass in the compiled worker but peaked at
   * 416 MB against 194 MB (docs/benchmarks.md): raise it where cores and memory are free.
   */
  @Transform(toInt)
  @IsInt({ message: 'REBUILD_THREADS must be an integer between 1 and 8' })
  @Min(1, { message: 'REBUILD_THREADS must be an integer between 1 and 8' })
  @Max(8, { message: 'REBUILD_THREADS must be an integer between 1 and 8' })
  REBUILD_THREADS = 1;

  /** Longest a query given `X-Min-Position` waits for its read models before answering 503 READ_MODEL.BEHIND. */
  @Transform(toInt)
  @IsInt({ message: 'READ_MODEL_WAIT_MS must be an integer number of milliseconds' })
  @Min(0, { message: 'READ_MODEL_WAIT_MS must be between 0 and 30000' })
  @Max(30_000, { message: 'READ_MODEL_WAIT_MS must be between 0 and 30000' })
  READ_MODEL_WAIT_MS = 2_000;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    message: 'LOG_LEVEL must be one of: fatal, error, warn, info, debug, trace, silent',
  })
  LOG_LEVEL = 'info';

  /** Run projections in the api process. Always on for the embedded store (one process owns the files). */
  @IsOptional()
  @Transform(toBool)
  @IsIn([true, false], { message: 'WORKER_IN_PROCESS must be true or false' })
  WORKER_IN_PROCESS?: boolean;

  @IsIn(['development', 'test', 'production'], { message: 'NODE_ENV must be one of: development, test, production' })
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  /** The coalition's name, printed in the header of its financial statements. */
  @IsString()
  @MinLength(1, { message: 'COALITION_NAME must not be empty' })
  @MaxLength(120, { message: 'COALITION_NAME must be at most 120 characters' })
  COALITION_NAME = 'Survivor support fund coalition';

  /** `local`: tokens signed with the key in DATA_DIR (embedded default only). `oidc`: an identity provider. */
  @IsIn(['local', 'oidc'], { message: 'AUTH_MODE must be one of: local, oidc' })
  AUTH_MODE: 'local' | 'oidc' = 'local';

  @ValidateIf((c: AppConfig) => c.AUTH_MODE === 'oidc')
  @Matches(/^https?:\/\/\S+$/, { message: 'OIDC_ISSUER must be the issuer URL (required when AUTH_MODE=oidc)' })
  OIDC_ISSUER?: string;

  @ValidateIf((c: AppConfig) => c.AUTH_MODE === 'oidc')
  @IsString({ message: 'OIDC_AUDIENCE must be the audience this service expects (required when AUTH_MODE=oidc)' })
  @MinLength(1, { message: 'OIDC_AUDIENCE must be the audience this service expects (required when AUTH_MODE=oidc)' })
  OIDC_AUDIENCE?: string;

  /** Defaults to `<issuer>/.well-known/jwks.json` when unset. */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'OIDC_JWKS_URL must be a URL' })
  OIDC_JWKS_URL?: string;

  @Matches(/^(RS|PS|ES)(256|384|512)(,(RS|PS|ES)(256|384|512))*$/, { message: 'OIDC_ALGORITHMS must list asymmetric algorithms like RS256,ES256' })
  OIDC_ALGORITHMS = 'RS256,ES256';

  @Transform(toInt)
  @IsInt({ message: 'OIDC_CLOCK_SKEW_SECONDS must be a whole number' })
  @Min(0, { message: 'OIDC_CLOCK_SKEW_SECONDS must be between 0 and 300' })
  @Max(300, { message: 'OIDC_CLOCK_SKEW_SECONDS must be between 0 and 300' })
  OIDC_CLOCK_SKEW_SECONDS = 30;

  @IsString()
  OIDC_ROLE_CLAIM = 'survivor_fund_role';

  @IsString()
  OIDC_ORGANIZATION_CLAIM = 'survivor_fund_org';

  /** The web app's client id at the issuer (authorization code + PKCE, a public client). Defaults to OIDC_AUDIENCE. */
  @IsOptional()
  @Matches(/^[\x21-\x7e]{1,200}$/, { message: 'OIDC_CLIENT_ID must be the client id registered for the web app (printable characters, no spaces)' })
  OIDC_CLIENT_ID?: string;

  /** Comma-separated origins allowed by CORS; CORS stays off when unset. */
  @IsOptional()
  @Matches(/^https?:\/\/[^,\s]+(,https?:\/\/[^,\s]+)*$/, { message: 'CORS_ORIGINS must be a comma-separated list of origins like https://fund.example.org' })
  CORS_ORIGINS?: string;

  @Transform(toInt)
  @IsInt({ message: 'RATE_LIMIT_WRITES_PER_MINUTE must be a whole number' })
  @Min(1, { message: 'RATE_LIMIT_WRITES_PER_MINUTE must be at least 1' })
  RATE_LIMIT_WRITES_PER_MINUTE = 120;

  @Transform(toInt)
  @IsInt({ message: 'RATE_LIMIT_WRITES_PER_MINUTE_PER_IP must be a whole number' })
  @Min(1, { message: 'RATE_LIMIT_WRITES_PER_MINUTE_PER_IP must be at least 1' })
  RATE_LIMIT_WRITES_PER_MINUTE_PER_IP = 600;

  /** /ready fails while any projection in this process is further behind than this. */
  @Transform(toInt)
  @IsInt({ message: 'READY_MAX_LAG_EVENTS must be a whole number' })
  @Min(0, { message: 'READY_MAX_LAG_EVENTS must be at least 0' })
  READY_MAX_LAG_EVENTS = 1000;

  /**
   * The coalition's small-cell floor for every published report (Maine's rule: counts under 6 are
   * not published). A reader may ask for a higher threshold, never a lower one. 3 and 100 are the
   * bounds the reporting library accepts (MINIMUM_THRESHOLD, MAXIMUM_THRESHOLD).
   */
  @Transform(toInt)
  @IsInt({ message: 'REPORT_SUPPRESSION_THRESHOLD must be a whole number from 3 to 100' })
  @Min(3, { message: 'REPORT_SUPPRESSION_THRESHOLD must be a whole number from 3 to 100' })
  @Max(100, { message: 'REPORT_SUPPRESSION_THRESHOLD must be a whole number from 3 to 100' })
  REPORT_SUPPRESSION_THRESHOLD = 6;

  /**
   * The key-encryption keys (KEKs) that wrap each narrative's data key, so the database alone
   * (or any copy of it) reads nothing: `<id>:<base64 of 32 bytes>`, several entries separated by
   * commas or line breaks while rotating. Secret; never in the database, never logged.
   */
  @IsOptional()
  @IsString({ message: NARRATIVE_KEK_RULE })
  NARRATIVE_KEK?: string;

  /** The same keyring read from a file (a mounted secret) instead of the environment. */
  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'NARRATIVE_KEK_FILE must be the path of a file holding the keyring' })
  NARRATIVE_KEK_FILE?: string;

  /** Which keyring entry wraps new data keys; required when the keyring lists more than one. */
  @IsOptional()
  @Matches(NARRATIVE_KEK_ID_PATTERN, { message: 'NARRATIVE_KEK_ID must be a key id of letters, digits, ".", "_" or "-" (at most 64)' })
  NARRATIVE_KEK_ID?: string;

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

const KNOWN = new Set(
  Object.keys(new AppConfig()).concat([
    'DATABASE_URL',
    'WORKER_IN_PROCESS',
    'OIDC_ISSUER',
    'OIDC_AUDIENCE',
    'OIDC_JWKS_URL',
    'OIDC_CLIENT_ID',
    'CORS_ORIGINS',
    'KURRENTDB_URL',
    'NARRATIVE_KEK',
    'NARRATIVE_KEK_FILE',
    'NARRATIVE_KEK_ID',
  ]),
);

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw = Object.fromEntries(Object.entries(env).filter(([k, v]) => KNOWN.has(k) && v !== undefined && v !== ''));
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { forbidUnknownValues: true });
  const problems = errors.flatMap((e) => Object.values(e.constraints ?? {}));
  if (config.NODE_ENV === 'production' && config.AUTH_MODE === 'local') {
    problems.push('AUTH_MODE=local (tokens signed with the embedded key) is refused when NODE_ENV=production; set AUTH_MODE=oidc with OIDC_ISSUER and OIDC_AUDIENCE');
  }
  problems.push(...narrativeKekProblems(config));
  if (problems.length > 0) throw new ConfigError(problems.sort());
  return config;
}

function narrativeKekProblems(config: AppConfig): string[] {
  if (config.NARRATIVE_KEK !== undefined && config.NARRATIVE_KEK_FILE !== undefined) return ['Set NARRATIVE_KEK or NARRATIVE_KEK_FILE, not both'];
  if (config.NARRATIVE_KEK !== undefined) return parseNarrativeKeyring(config.NARRATIVE_KEK, 'NARRATIVE_KEK', config.NARRATIVE_KEK_ID).problems;
  // The file's content is checked when the vault opens it (a mounted secret may appear late).
  if (config.NARRATIVE_KEK_FILE !== undefined || config.NODE_ENV !== 'production') return [];
  // The generated key would sit in DATA_DIR, next to the data (or lost with the container):
  // wrapping keys with it protects nothing a backup of that host does not also hold.
  return [
    'NARRATIVE_KEK (or NARRATIVE_KEK_FILE) is required when NODE_ENV=production: the key-encryption key that wraps narrative keys must come from a secret store, not be generated into DATA_DIR/keys',
  ];
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
