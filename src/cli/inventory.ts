import { Logger } from '@nestjs/common';

import { loadAppConfig } from '../config/app-config';
import { prepareDatabase } from '../database/database-bootstrap';
import { PrismaService } from '../database/prisma.service';
import { InventoryImporter } from '../inventory/inventory-importer';
import { StorageTypeRegistry } from '../inventory/storage-type-registry';

import { UsageError } from './accounts-command';
import { EXIT, runInventoryCommand } from './inventory-command';

/**
 * The operator's command for the inventory (`npm run inventory -- <command>`): the
 * import of ZStack's query answers, the storage type registry and the global
 * setting. It works on DATABASE_URL's database, or else on the embedded one: the
 * running service's when there is one, or an embedded server started for the command.
 */
async function main(): Promise<number> {
  Logger.overrideLogger(['error', 'warn']);
  const config = loadAppConfig();
  const database = await prepareDatabase(config, { reuseRunning: true });
  const prisma = new PrismaService({ ...config, DATABASE_URL: database.url });

  try {
    return await runInventoryCommand(
      process.argv.slice(2),
      {
        importer: new InventoryImporter({ url: database.url, timeoutMs: config.DB_TIMEOUT_MS }),
        registry: new StorageTypeRegistry(prisma),
      },
      { input: process.stdin, output: process.stdout, errorOutput: process.stderr },
    );
  } finally {
    await prisma.onModuleDestroy();
    await database.stop();
  }
}

main().then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = error instanceof UsageError ? EXIT.usage : EXIT.failed;
  },
);
