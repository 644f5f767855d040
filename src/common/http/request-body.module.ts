import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';

import { BodyErrorGuard } from './json-body';

/**
 * Registers the guard that raises a kept body error. Global guards run in the
 * order their modules are imported: the application module imports this one
 * after the authentication module, so that the body is judged only once the
 * session is.
 */
@Module({
  providers: [{ provide: APP_GUARD, useClass: BodyErrorGuard }],
})
export class RequestBodyModule {}
