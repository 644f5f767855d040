import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { applyMigrations } from '../../src/database/migrations';

import { TEMPLATE_URL_VARIABLE, onServer, withDatabase } from './test-database-server';

/**
 * Migrates one template database per run; each test file copies it
 * (CREATE DATABASE ... TEMPLATE), which takes milliseconds where the Prisma CLI
 * takes seconds. The server is DATABASE_URL's, or else an embedded Postgres of
 * the run's own, in a throwaway folder.
 */
export default async function globalSetup(): Promise<void> {
  process.env.TZ = 'UTC';
  let serverUrl = process.env.DATABASE_URL;

  if (!serverUrl) {
    const folder = mkdtempSync(path.join(tmpdir(), 'vm-capabilities-test-'));
    // As root, the server runs as the `postgres` user, which must enter the folder.
    chmodSync(folder, 0o755);
    const embedded = await startEmbeddedPostgres(folder, 'postgres', () => undefined);
    globalThis.__EMBEDDED_TEST_DATABASE__ = { ...embedded, folder };
    serverUrl = embedded.url;
  }

  const template = `vmcaps_test_template_${process.pid}`;
  const templateUrl = withDatabase(serverUrl, template);
  await onServer(
    serverUrl,
    `DROP DATABASE IF EXISTS "${template}"`,
    `CREATE DATABASE "${template}"`,
  );
  await applyMigrations(templateUrl);

  process.env[TEMPLATE_URL_VARIABLE] = templateUrl;
}
