import { rmSync } from 'node:fs';

import { TEMPLATE_URL_VARIABLE, databaseOf, onServer } from './test-database-server';

export default async function globalTeardown(): Promise<void> {
  const templateUrl = process.env[TEMPLATE_URL_VARIABLE];

  if (templateUrl) {
    await onServer(templateUrl, `DROP DATABASE IF EXISTS "${databaseOf(templateUrl)}"`);
  }

  const embedded = globalThis.__EMBEDDED_TEST_DATABASE__;

  if (embedded) {
    await embedded.stop();
    rmSync(embedded.folder, { recursive: true, force: true });
  }
}
