import { DynamicModule, Module, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';

import { LoggerModule } from 'nestjs-pino';

import { AuthModule } from './auth/auth.module';
import { validationException } from './common/errors/validation-exception.factory';
import { ZStackExceptionFilter } from './common/errors/zstack-exception.filter';
import { BodyErrorInterceptor } from './common/http/json-body';
import { AppConfig } from './config/app-config';
import { loggerOptions } from './config/logger-options';
import { DatabaseModule } from './database/database.module';
import { DemoModule } from './demo/demo.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
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
        AuthModule,
        DemoModule,
        HealthModule,
        VmModule,
      ],
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: APP_FILTER, useClass: ZStackExceptionFilter },
        { provide: APP_INTERCEPTOR, useClass: BodyErrorInterceptor },
        {
          provide: APP_PIPE,
          useValue: new ValidationPipe({
            transform: true,
            whitelist: true,
            forbidUnknownValues: true,
            exceptionFactory: validationException,
          }),
        },
      ],
      exports: [AppConfig],
    };
  }
}
