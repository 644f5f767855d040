import { Logger } from '@nestjs/common';

import { AccessKeyService } from '../auth/access-keys/access-key.service';
import { AccountAdmin } from '../auth/account-admin';
import { PasswordHasher } from '../auth/password-hasher';
import { loadAppConfig } from '../config/app-config';
import { prepareDatabase } from '../database/database-bootstrap';
import { PrismaService } from '../database/prisma.service';

import { UsageError, runAccountsCommand } from './accounts-command';

/**
 * The operator's command for accounts (`npm run accounts -- <command>`). It
 * works on DATABASE_URL's database, or else on the embedded one: the running
 * service's when there is one, or an embedded server started for the command.
 */
async function main(): Promise<void> {
  Logger.overrideLogger(['error', 'warn']);
  const config = loadAppConfig();
  const database = await prepareDatabase(config, { reuseRunning: true });
  const prisma = new PrismaService({ ...config, DATABASE_URL: database.url });

  // Stays 1 if the command never finishes, as when standard input closes at a prompt.
  process.exitCode = 1;

  try {
    await runAccountsCommand(
      process.argv.slice(2),
      new AccountAdmin(prisma, new PasswordHasher(config)),
      { input: process.stdin, output: process.stdout },
      new AccessKeyService(config, prisma),
    );
    process.exitCode = 0;
  } finally {
    await prisma.onModuleDestroy();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  const { code, meta } = error as { code?: string; meta?: { modelName?: string } };

  if (code === 'P2025') {
    console.error('no account by that name');
  } else if (code === 'P2002') {
    console.error('an account by that name already exists');
  } else if (code === 'P2000') {
    console.error('the name is longer than 255 characters');
  } else {
    console.error(error instanceof Error ? error.message : error, meta ?? '');
  }

  process.exitCode = error instanceof UsageError ? 2 : 1;
});
