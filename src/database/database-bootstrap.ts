import { Logger } from '@nestjs/common';

import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';

import { AppConfig } from '../config/app-config';

import { EmbeddedDatabase, defaultDataRoot, startEmbeddedPostgres } from './embedded-postgres';
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
  const running = options.reuseRunning && !given ? await runningEmbeddedUrl(dataRoot) : undefined;
  const database =
    given || running
      ? { url: (given ?? running)!, stop: () => Promise.resolve() }
      : await startEmbedded(dataRoot, logger);

  logger.log(await applyMigrations(database.url).then(lastLine));

  return { ...database, embedded: !given, loadDemo: !given || config.DEMO_INVENTORY };
}

/** The embedded server's address is left in its folder while it runs, for the operator's commands. */
const runningUrlFile = (dataRoot: string): string => path.join(dataRoot, 'running-url');

async function startEmbedded(dataRoot: string, logger: Logger): Promise<EmbeddedDatabase> {
  const database = await startEmbeddedPostgres(dataRoot, 'vm_capabilities');
  writeFileSync(runningUrlFile(dataRoot), database.url, { mode: 0o600 });
  logger.log(`embedded Postgres started at ${redact(database.url)}`);

  return {
    url: database.url,
    stop: async () => {
      rmSync(runningUrlFile(dataRoot), { force: true });
      await database.stop();
    },
  };
}

/** The running embedded server's address, if one runs and answers. */
async function runningEmbeddedUrl(dataRoot: string): Promise<string | undefined> {
  let url: string;

  try {
    url = readFileSync(runningUrlFile(dataRoot), 'utf8').trim();
  } catch {
    return undefined;
  }

  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });

  try {
    await client.connect();

    return url;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
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
