import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';

import { DeferredRequestErrorGuard } from './deferred-request-error';

/**
 * Registers the guard that raises a fault kept from before routing. Global
 * guards run in the order their modules are imported: the application module
 * imports this one after the authentication module, so that the request is
 * judged only once the session is.
 */
@Module({
  providers: [{ provide: APP_GUARD, useClass: DeferredRequestErrorGuard }],
})
export class RequestErrorsModule {}
