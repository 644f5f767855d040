import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';

import { AccessKeyService } from './access-keys/access-key.service';
import { AccountController } from './account.controller';
import { LoginThrottle } from './login-throttle';
import { PasswordHasher } from './password-hasher';
import { SessionSweeper } from './session-sweeper';
import { SessionGuard } from './session.guard';
import { SessionService } from './session.service';

@Module({
  controllers: [AccountController],
  providers: [
    AccessKeyService,
    LoginThrottle,
    PasswordHasher,
    SessionService,
    SessionSweeper,
    { provide: APP_GUARD, useClass: SessionGuard },
  ],
  exports: [AccessKeyService, PasswordHasher],
})
export class AuthModule {}
