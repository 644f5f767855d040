import { Transform, plainToInstance } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  validateSync,
} from 'class-validator';

import { StartupError } from '../common/startup-error';

const toBoolean = ({ value }: { value: unknown }): unknown => {
  if (value === 'true' || value === '1') {
    return true;
  }

  if (value === 'false' || value === '0') {
    return false;
  }

  return value;
};

const toInteger = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

/**
 * The service's configuration, read from the environment once at start and
 * validated with class-validator. Each property is an environment variable of
 * the same name; the README lists them with their defaults.
 */
export class AppConfig {
  /** Postgres connection string; when unset, an embedded Postgres server is started. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'must be a postgresql:// connection string' })
  DATABASE_URL?: string = undefined;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 8080;

  /** The address to listen on: 127.0.0.1 on the embedded demo database, 0.0.0.0 otherwise. */
  @IsOptional()
  @IsString()
  HOST?: string = undefined;

  /**
   * Trust X-Forwarded-For for the caller's address (which login throttling
   * counts by): set it when the service runs behind a reverse proxy.
   */
  @Transform(toBoolean)
  @IsBoolean()
  TRUST_PROXY = false;

  /** Load the demo inventory at start; always done on the embedded database. */
  @Transform(toBoolean)
  @IsBoolean()
  DEMO_INVENTORY = false;

  /** Where the embedded Postgres keeps its data; a per-user folder by default. */
  @IsOptional()
  @IsString()
  EMBEDDED_POSTGRES_DIR?: string = undefined;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(1000)
  DB_POOL_SIZE = 10;

  /** The longest wait for a database connection or a statement, in milliseconds. */
  @Transform(toInteger)
  @IsInt()
  @Min(100)
  DB_TIMEOUT_MS = 5000;

  @Transform(toInteger)
  @IsInt()
  @Min(60)
  SESSION_TIMEOUT_SECONDS = 7200;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  MAX_SESSIONS_PER_ACCOUNT = 500;

  /** How often expired sessions are deleted, in seconds. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  SESSION_SWEEP_INTERVAL_SECONDS = 300;

  /** Failed logins for one account name before logins for it are refused. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES_PER_ACCOUNT = 5;

  /** Failed logins from one address before logins from it are refused. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES_PER_ADDRESS = 20;

  /** The window in which failures count, and so how long a refusal lasts at most. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  LOGIN_LOCKOUT_SECONDS = 900;

  /**
   * The AES-256-GCM key that encrypts access key secrets: 32 bytes, as base64
   * or 64 hex characters. Unset, access keys can neither be created nor used.
   */
  @IsOptional()
  @Matches(/^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=?)$/, {
    message: 'must be 32 bytes, as base64 or 64 hex characters',
  })
  ACCESS_KEY_ENCRYPTION_KEY?: string = undefined;

  /**
   * How long the outcome of a call made as an asynchronous job (X-Job-UUID) is
   * kept for its poll, in seconds; expired jobs are swept as often.
   */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  API_JOB_TTL_SECONDS = 600;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  MAX_VM_UUIDS = 1000;

  /** The largest request body, in bytes: 1,000 uuids take about 40 KB. */
  @Transform(toInteger)
  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES = 131_072;

  /** The largest request header block Node accepts, in bytes (its own default, made explicit). */
  @Transform(toInteger)
  @IsInt()
  @Min(1024)
  @Max(1_048_576)
  MAX_HEADER_BYTES = 16_384;

  /** How long a client may take to send a request's headers, in milliseconds. */
  @Transform(toInteger)
  @IsInt()
  @Min(1000)
  HTTP_HEADERS_TIMEOUT_MS = 10_000;

  /** How long a client may take to send a whole request, body included, in milliseconds. */
  @Transform(toInteger)
  @IsInt()
  @Min(1000)
  HTTP_REQUEST_TIMEOUT_MS = 30_000;

  /** How long an idle keep-alive connection stays open, in milliseconds. */
  @Transform(toInteger)
  @IsInt()
  @Min(100)
  HTTP_KEEP_ALIVE_TIMEOUT_MS = 5000;

  /** The window over which the API's rate limits count requests, in seconds. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  RATE_LIMIT_WINDOW_SECONDS = 60;

  /** API requests per window for one session or access key; 0 turns this limit off. */
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  RATE_LIMIT_PER_SESSION = 1200;

  /** API requests per window from one address; 0 turns this limit off. */
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  RATE_LIMIT_PER_ADDRESS = 3000;

  /**
   * Browser origins allowed to call the API (comma-separated, e.g.
   * `https://console.example.com`); unset, no cross-origin call is allowed.
   */
  @IsOptional()
  @Matches(/^https?:\/\/[^,\s]+(,\s*https?:\/\/[^,\s]+)*$/, {
    message: 'must be a comma-separated list of http(s) origins',
  })
  CORS_ORIGINS?: string = undefined;

  /** argon2id memory cost in KiB; the default follows OWASP's recommendation. */
  @Transform(toInteger)
  @IsInt()
  @Min(8)
  PASSWORD_HASH_MEMORY_KIB = 19_456;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  PASSWORD_HASH_ITERATIONS = 2;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Serve Swagger UI at /docs and the OpenAPI document at /docs-json. */
  @Transform(toBoolean)
  @IsBoolean()
  SWAGGER_ENABLED = true;
}

export class InvalidConfigError extends StartupError {}

/** Reads and validates the configuration; throws one line naming each bad variable. */
export function loadAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const given = Object.fromEntries(
    Object.entries(env).filter(([name, value]) => value !== '' && known.includes(name)),
  );
  const config = plainToInstance(AppConfig, given);
  const errors = validateSync(config, { forbidUnknownValues: true });

  if (errors.length > 0) {
    const problems = errors.map((error) => `${error.property} is invalid (${messageOf(error)})`);

    throw new InvalidConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }

  return config;
}

function messageOf(error: { property: string; constraints?: Record<string, string> }): string {
  return Object.values(error.constraints ?? {})
    .map((message) => message.replace(`${error.property} `, ''))
    .join(', ');
}
