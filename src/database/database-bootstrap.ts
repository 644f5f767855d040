import { Logger } from '@nestjs/common';

import { AppConfig } from '../config/app-config';

import { defaultDataRoot, runningEmbeddedUrl, startEmbeddedPostgres } from './embedded-postgres';
import { applyMigrations } from './migrations';

export interface PreparedDatabase {
  url: string;
  /** Whether the service started its own embedded Postgres server. */
  embedded: boolean;
  /** Whether the demo inventory should be loaded. */
  loadDemo: boolean;
  stop(): Promise<void>;
}

/**
 * Makes the database ready before the application starts: the one named by
 * DATABASE_URL, or else an embedded Postgres server of the service's own; then
 * applies the migrations. The demo inventory goes into the embedded database
 * always, into DATABASE_URL's only when DEMO_INVENTORY asks for it.
 */
export async function prepareDatabase(
  config: AppConfig,
  options: { reuseRunning?: boolean } = {},
): Promise<PreparedDatabase> {
  const logger = new Logger('Database');
  const given = config.DATABASE_URL;
  const dataRoot = config.EMBEDDED_POSTGRES_DIR ?? defaultDataRoot();
  const running = options.reuseRunning && !given ? runningEmbeddedUrl(dataRoot) : undefined;
  const database =
    given || running
      ? { url: (given ?? running)!, stop: () => Promise.resolve() }
      : await startEmbeddedPostgres(dataRoot, 'vm_capabilities');

  if (!given && !running) {
    logger.log(`embedded Postgres started at ${redact(database.url)}`);
  }

  logger.log(await applyMigrations(database.url).then(lastLine));

  return { ...database, embedded: !given, loadDemo: !given || config.DEMO_INVENTORY };
}

function lastLine(text: string): string {
  return text.split('\n').filter(Boolean).at(-1) ?? 'migrations applied';
}

/** A connection string without its password, fit for a log line. */
export function redact(url: string): string {
  const parsed = new URL(url);
  parsed.password = parsed.password ? '***' : '';

  return parsed.toString();
}
