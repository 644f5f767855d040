import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';

import { LoggerModule } from 'nestjs-pino';

import { AuthModule } from './auth/auth.module';
import { ZStackExceptionFilter } from './common/errors/zstack-exception.filter';
import { RequestErrorsModule } from './common/http/request-errors.module';
import { createValidationPipe } from './common/validation/validation-pipe';
import { AppConfig } from './config/app-config';
import { loggerOptions } from './config/logger-options';
import { DatabaseModule } from './database/database.module';
import { DemoModule } from './demo/demo.module';
import { HealthModule } from './health/health.module';
import { JobsModule } from './jobs/jobs.module';
import { MetricsModule } from './metrics/metrics.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { VmModule } from './vm/vm.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        LoggerModule.forRoot(loggerOptions(config)),
        DatabaseModule,
        MetricsModule,
        // Global guards run in the order of these imports: rate limits, the
        // session, then the faults kept from before routing (body, path).
        RateLimitModule,
        AuthModule,
        RequestErrorsModule,
        DemoModule,
        HealthModule,
        VmModule,
        JobsModule,
      ],
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: APP_FILTER, useClass: ZStackExceptionFilter },
        { provide: APP_PIPE, useValue: createValidationPipe() },
      ],
      exports: [AppConfig],
    };
  }
}
