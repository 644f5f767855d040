import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';

import { Logger } from 'nestjs-pino';
import { parse } from 'node:querystring';

import { AppModule } from './app.module';
import { answerUnparsableRequests } from './common/http/client-errors';
import { deferredJsonBody } from './common/http/json-body';
import { AppConfig } from './config/app-config';
import { setUpSwagger } from './swagger';

/** The application as it serves, for main and for the e2e tests alike. */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.set('trust proxy', config.TRUST_PROXY);
  // Node's querystring stops at 1,000 keys by default and drops the rest without
  // a word, which would answer part of a long GET; the URL's size is bounded by
  // Node's header limit instead.
  app.set('query parser', (query: string) => parse(query, '&', '=', { maxKeys: 0 }));
  app.use(deferredJsonBody(config.BODY_LIMIT_BYTES));

  answerUnparsableRequests(app.getHttpServer());

  if (config.SWAGGER_ENABLED) {
    setUpSwagger(app);
  }

  return app;
}
