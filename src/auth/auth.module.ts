import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';

import { AccountController } from './account.controller';
import { PasswordHasher } from './password-hasher';
import { SessionGuard } from './session.guard';
import { SessionService } from './session.service';

@Module({
  controllers: [AccountController],
  providers: [PasswordHasher, SessionService, { provide: APP_GUARD, useClass: SessionGuard }],
  exports: [PasswordHasher],
})
export class AuthModule {}
