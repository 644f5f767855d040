import { INestApplication } from '@nestjs/common';

import { randomBytes } from 'node:crypto';
import { Server } from 'node:http';

import { AppConfig, loadAppConfig } from '../../src/config/app-config';
import { AppOptions, createApp } from '../../src/create-app';
import { PrismaService } from '../../src/database/prisma.service';
import {
  TEMPLATE_URL_VARIABLE,
  databaseOf,
  onServer,
  withDatabase,
} from '../setup/test-database-server';

import { InventoryFactory } from './inventory.factory';

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  http: Server;
  prisma: PrismaService;
  inventory: InventoryFactory;
  close(): Promise<void>;
}

/**
 * The application as it serves, on a database of its own copied from the
 * migrated template. Password hashing is cheap here; production keeps it slow.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: AppOptions = {},
): Promise<TestApp> {
  const templateUrl = process.env[TEMPLATE_URL_VARIABLE];

  if (!templateUrl) {
    throw new Error(`${TEMPLATE_URL_VARIABLE} is unset: run the tests through jest.config.js`);
  }

  const database = `vmcaps_test_${randomBytes(6).toString('hex')}`;
  await onServer(
    templateUrl,
    `CREATE DATABASE "${database}" TEMPLATE "${databaseOf(templateUrl)}"`,
  );

  const config = loadAppConfig({
    DATABASE_URL: withDatabase(templateUrl, database),
    PASSWORD_HASH_MEMORY_KIB: '64',
    PASSWORD_HASH_ITERATIONS: '1',
    LOG_LEVEL: 'silent',
    SWAGGER_ENABLED: 'true',
    ...env,
  });
  const app = await createApp(config, options);
  await app.init();
  const prisma = app.get(PrismaService);

  return {
    app,
    config,
    http: app.getHttpServer() as Server,
    prisma,
    inventory: new InventoryFactory(prisma, app),
    close: async () => {
      await app.close();
      await onServer(templateUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    },
  };
}
