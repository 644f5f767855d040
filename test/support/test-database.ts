import { randomBytes } from 'node:crypto';

import {
  TEMPLATE_URL_VARIABLE,
  databaseOf,
  onServer,
  withDatabase,
} from '../setup/test-database-server';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A database of the test's own, copied from the run's migrated template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const templateUrl = process.env[TEMPLATE_URL_VARIABLE];

  if (!templateUrl) {
    throw new Error(`${TEMPLATE_URL_VARIABLE} is unset: run the tests through jest.config.js`);
  }

  const database = `vmcaps_test_${randomBytes(6).toString('hex')}`;
  await onServer(
    templateUrl,
    `CREATE DATABASE "${database}" TEMPLATE "${databaseOf(templateUrl)}"`,
  );

  return {
    url: withDatabase(templateUrl, database),
    drop: () => onServer(templateUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`),
  };
}
