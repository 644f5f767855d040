import { Logger } from '@nestjs/common';

import { createHash } from 'node:crypto';

import { InvalidConfigError, loadAppConfig } from './config/app-config';
import { createApp } from './create-app';
import { prepareDatabase } from './database/database-bootstrap';
import { DemoInventoryService } from './demo/demo-inventory.service';

async function bootstrap(): Promise<void> {
  const config = loadAppConfig();
  const logger = new Logger('Bootstrap');
  const database = await prepareDatabase(config);
  const app = await createApp({ ...config, DATABASE_URL: database.url });

  if (database.loadDemo) {
    await app.get(DemoInventoryService).load();
  }

  const stop = async (signal: string): Promise<void> => {
    logger.log(`${signal} received: finishing requests in flight, then stopping`);
    await app.close();
    await database.stop();
    process.exit(0);
  };
  process.once('SIGTERM', (signal) => void stop(signal));
  process.once('SIGINT', (signal) => void stop(signal));

  // The embedded database holds the demo admin with a known password: local callers only.
  await app.listen(config.PORT, config.HOST ?? (database.embedded ? '127.0.0.1' : '0.0.0.0'));

  const base = `http://localhost:${config.PORT}`;
  logger.log(`API at ${base}/zstack/v1`);

  if (config.SWAGGER_ENABLED) {
    logger.log(`Swagger UI at ${base}/docs`);
  }

  if (database.loadDemo) {
    logger.log(
      `log in as admin with: curl -X PUT ${base}/zstack/v1/accounts/login ` +
        `-H 'Content-Type: application/json' -d '{"logInByAccount":{"accountName":"admin",` +
        `"password":"${createHash('sha512').update('password').digest('hex')}"}}'`,
    );
  }
}

bootstrap().catch((error: unknown) => {
  // The configuration's own message is one line naming the bad variable.
  console.error(
    error instanceof InvalidConfigError ? error.message : (error ?? 'the service could not start'),
  );
  process.exit(1);
});
