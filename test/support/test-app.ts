import { INestApplication } from '@nestjs/common';

import { Server } from 'node:http';

import { AppConfig, loadAppConfig } from '../../src/config/app-config';
import { AppOptions, createApp } from '../../src/create-app';
import { applyMigrations } from '../../src/database/migrations';
import { PrismaService } from '../../src/database/prisma.service';

import { InventoryFactory } from './inventory.factory';
import { createTestDatabase } from './test-database';

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  http: Server;
  prisma: PrismaService;
  inventory: InventoryFactory;
  close(): Promise<void>;
}

/** What every test's application runs with: cheap password hashing (production keeps it slow), no logs. */
const TEST_ENV = {
  PASSWORD_HASH_MEMORY_KIB: '64',
  PASSWORD_HASH_ITERATIONS: '1',
  LOG_LEVEL: 'silent',
};

/**
 * The application on a database the test made itself (a throwaway server it
 * stops and starts), migrated first; created, not yet initialised.
 */
export async function createAppOn(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<INestApplication> {
  await applyMigrations(databaseUrl);

  return createApp(loadAppConfig({ ...TEST_ENV, DATABASE_URL: databaseUrl, ...env }));
}

/** The application as it serves, on a database of its own copied from the migrated template. */
export async function startTestApp(
  env: Record<string, string> = {},
  options: AppOptions = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadAppConfig({
    ...TEST_ENV,
    DATABASE_URL: database.url,
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
      await database.drop();
    },
  };
}
