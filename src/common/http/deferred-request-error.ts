import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';

import { Request } from 'express';

import { ZStackException } from '../errors/zstack.exception';

type RequestWithError = Request & { deferredError?: ZStackException };

/**
 * Keeps a fault found in the request before routing (an unreadable body, a path
 * that is not valid percent-encoding) rather than answering it at once; the
 * guard below raises it. The first fault kept is the one answered.
 */
export function keepRequestError(request: Request, error: ZStackException): void {
  (request as RequestWithError).deferredError ??= error;
}

/**
 * Raises the fault `keepRequestError` kept. It is a guard registered after the
 * session guard, so that a caller without a valid session learns nothing about
 * its request, not even that it was malformed. A guard rather than an
 * interceptor: an application with no global interceptor spares every request
 * Nest's interceptor chain.
 */
@Injectable()
export class DeferredRequestErrorGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const { deferredError } = context.switchToHttp().getRequest<RequestWithError>();

    if (deferredError) {
      throw deferredError;
    }

    return true;
  }
}
