import { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';

import helmet from 'helmet';
import { Logger, LoggerModule } from 'nestjs-pino';
import { parse } from 'node:querystring';
import { DestinationStream } from 'pino';

import { AppModule } from './app.module';
import { answerUnmetExpectations, answerUnparsableRequests } from './common/http/client-errors';
import {
  ConfiguredExpressAdapter,
  httpServerOptions,
} from './common/http/configured-express-adapter';
import { deferredJsonBody } from './common/http/json-body';
import { deferredPathEscapes } from './common/http/path-escapes';
import { AppConfig } from './config/app-config';
import { loggerOptions } from './config/logger-options';
import { setUpSwagger } from './swagger';

export interface AppOptions {
  /** Where the logs go instead of standard output, for a test that reads them. */
  logStream?: DestinationStream;
}

/** The application as it serves, for main and for the e2e tests alike. */
export async function createApp(
  config: AppConfig,
  options: AppOptions = {},
): Promise<INestApplication> {
  const root = AppModule.forRoot(config);
  const app = await NestFactory.create<NestExpressApplication>(
    options.logStream ? logTo(root, config, options.logStream) : root,
    new ConfiguredExpressAdapter(httpServerOptions(config)),
    { bodyParser: false, bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  // Nest would replay what it logged while creating the app only once it listens,
  // so an app that is only initialised, or fails before listening, would hold it back.
  app.flushLogs();
  app.disable('x-powered-by');
  // Answers are computed per call and never revalidated: hashing each body for an ETag is waste.
  app.set('etag', false);
  // helmet's security headers on every answer. Its content security policy
  // allows what Swagger UI needs (its own scripts, inline styles, data: images)
  // and nothing from elsewhere. It does not ask browsers to upgrade to HTTPS:
  // the service speaks plain HTTP, as ZStack's API does, unless a proxy adds TLS.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  // Closed unless origins are configured: then Nest's CORS (the cors package)
  // answers preflights for them alone.
  if (config.CORS_ORIGINS) {
    app.enableCors({
      origin: config.CORS_ORIGINS.split(',').map((origin) => origin.trim()),
      methods: ['GET', 'POST', 'PUT', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Date', 'X-Request-Id', 'X-Job-UUID'],
      exposedHeaders: ['X-Request-Id', 'Retry-After'],
      maxAge: 600,
    });
  }
  app.set('trust proxy', config.TRUST_PROXY);
  // Node's querystring stops at 1,000 keys by default and drops the rest without
  // a word, which would answer part of a long GET; the URL's size is bounded by
  // Node's header limit instead.
  app.set('query parser', (query: string) => parse(query, '&', '=', { maxKeys: 0 }));
  app.use(deferredPathEscapes());
  app.use(deferredJsonBody(config.BODY_LIMIT_BYTES));

  answerUnparsableRequests(app.getHttpServer());
  answerUnmetExpectations(app.getHttpServer());

  if (config.SWAGGER_ENABLED) {
    setUpSwagger(app);
  }

  return app;
}

/** The root module with its logger writing to the given stream; the rest is left as it is. */
function logTo(root: DynamicModule, config: AppConfig, stream: DestinationStream): DynamicModule {
  const imports = root.imports ?? [];
  const index = imports.findIndex((entry) => 'module' in entry && entry.module === LoggerModule);

  if (index < 0) {
    throw new Error('the application module imports no LoggerModule whose stream could be set');
  }

  return {
    ...root,
    imports: imports.with(index, LoggerModule.forRoot(loggerOptions(config, stream))),
  };
}
