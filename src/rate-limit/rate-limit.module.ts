import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';

import { AppConfig } from '../config/app-config';

import { ApiRateLimitGuard, apiThrottlers } from './api-rate-limit.guard';

/**
 * The API's rate limits, per session (or access key) and per address, with
 * @nestjs/throttler. Its guard is registered before the session guard, so that
 * a flood of requests with made-up sessions is cut off by address before each
 * costs a database lookup. The counts live in this process's memory: each
 * replica counts its own callers, and a restart forgets them.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ throttlers: apiThrottlers(config), setHeaders: false }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: ApiRateLimitGuard }],
})
export class RateLimitModule {}
