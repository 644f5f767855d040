import { Logger } from '@nestjs/common';

import { PinoLogger, Logger as PinoNestLogger } from 'nestjs-pino';
import { createHash } from 'node:crypto';
import { IncomingMessage, Server, ServerResponse } from 'node:http';

import { StartupError } from './common/startup-error';
import { AppConfig, loadAppConfig } from './config/app-config';
import { loggerOptions } from './config/logger-options';
import { createApp } from './create-app';
import { prepareDatabase } from './database/database-bootstrap';
import { DemoInventoryService } from './demo/demo-inventory.service';

/**
 * How long requests in flight may take to finish after SIGTERM before their
 * connections are cut: their slowest step is a database wait, which gives up
 * after DB_TIMEOUT_MS, and with the default that stays within the ten seconds
 * Docker waits before it kills.
 */
const shutdownGraceMs = (config: AppConfig): number => config.DB_TIMEOUT_MS + 3000;

const isLoopback = (host: string): boolean =>
  host === 'localhost' || host === '::1' || host.startsWith('127.');

async function bootstrap(): Promise<void> {
  const config = loadAppConfig();
  const options = loggerOptions(config);
  // Until the app exists, Nest's own logger would print text whatever LOG_LEVEL says.
  Logger.overrideLogger(new PinoNestLogger(new PinoLogger(options), options));
  const logger = new Logger('Bootstrap');
  const database = await prepareDatabase(config);
  const app = await createApp({ ...config, DATABASE_URL: database.url });
  const closeHttp = gracefulClose(app.getHttpServer() as Server);

  if (database.loadDemo) {
    await app.get(DemoInventoryService).load();
  }

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) {
      return;
    }

    stopping = true;
    logger.log(`${signal} received: finishing requests in flight, then stopping`);
    const cut = await closeHttp(shutdownGraceMs(config));

    if (cut > 0) {
      logger.warn(`${cut} request(s) still in flight after the grace period were cut off`);
    }

    // The pool closes only now, so that no request in flight loses its connection.
    await app.close();
    await database.stop();
    logger.log('stopped');
    process.exit(0);
  };
  const onSignal = (signal: string): void => {
    stop(signal).catch((error: unknown) => {
      logger.error({ err: error }, 'could not stop cleanly');
      process.exit(1);
    });
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);

  // The embedded database holds the demo admin with a known password: local callers only.
  const host = config.HOST ?? (database.embedded ? '127.0.0.1' : '0.0.0.0');
  await app.listen(config.PORT, host);

  if (database.loadDemo && !isLoopback(host)) {
    logger.warn(
      `the demo inventory's admin has a known password and the service listens on ${host}: ` +
        'whoever reaches it can log in as admin; set HOST=127.0.0.1, or reset the password ' +
        'with `npm run accounts -- reset-password admin`',
    );
  }

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

/**
 * Returns a function that stops the server the way a rolling restart needs it:
 * no new connections, every request in flight answered, and each keep-alive
 * connection ended once its last answer is sent rather than when its client lets
 * go. It resolves when no connection is left, with how many requests were cut
 * off because the grace period ran out.
 */
function gracefulClose(server: Server): (graceMs: number) => Promise<number> {
  const inFlight = new Set<ServerResponse>();
  let closing = false;
  // A response that says `Connection: close` makes Node end its connection after it.
  const endConnectionAfter = (response: ServerResponse): void => {
    if (!response.headersSent) {
      response.setHeader('Connection', 'close');
    }
  };

  // Prepended, so that the header is set before the application can answer.
  server.prependListener('request', (_request: IncomingMessage, response: ServerResponse) => {
    inFlight.add(response);
    response.once('close', () => {
      inFlight.delete(response);

      if (closing) {
        // A connection whose answer went out before the header could be set is idle now.
        setImmediate(() => server.closeIdleConnections());
      }
    });

    if (closing) {
      endConnectionAfter(response);
    }
  });

  return (graceMs) =>
    new Promise((resolve) => {
      closing = true;
      let cut = 0;
      const deadline = setTimeout(() => {
        cut = inFlight.size;
        server.closeAllConnections();
      }, graceMs);
      server.close(() => {
        clearTimeout(deadline);
        resolve(cut);
      });
      inFlight.forEach(endConnectionAfter);
      server.closeIdleConnections();
    });
}

bootstrap().catch((error: unknown) => {
  // A startup error is one sentence for the operator, such as the line naming a
  // bad variable; anything else is unexpected and keeps its stack.
  console.error(
    error instanceof StartupError ? error.message : (error ?? 'the service could not start'),
  );
  process.exit(1);
});
