import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';

import { Logger } from 'nestjs-pino';

import { AppModule } from './app.module';
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
  app.use(deferredJsonBody(config.BODY_LIMIT_BYTES));

  if (config.SWAGGER_ENABLED) {
    setUpSwagger(app);
  }

  return app;
}
