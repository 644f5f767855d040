import {
  CallHandler,
  ExecutionContext,
  HttpStatus,
  Injectable,
  NestInterceptor,
} from '@nestjs/common';

import { json } from 'body-parser';
import { NextFunction, Request, RequestHandler, Response } from 'express';
import { Observable } from 'rxjs';

import { ErrorCode } from '../errors/error-code';
import { ZStackException } from '../errors/zstack.exception';

type BodyRequest = Request & { bodyError?: ZStackException };

/**
 * Parses every request body as JSON (body-parser), whatever its Content-Type,
 * as ZStack's clients do not all send one. A body that cannot be read is not
 * answered here: the failure is kept on the request and raised after the
 * session guard, so that a caller without a session learns nothing about it.
 */
export function deferredJsonBody(limitBytes: number): RequestHandler {
  const parse = json({ limit: limitBytes, type: () => true, strict: true });

  return (request: Request, response: Response, next: NextFunction) =>
    parse(request, response, (error?: unknown) => {
      if (error) {
        (request as BodyRequest).bodyError = bodyError(error);
        request.body = undefined;
      }

      next();
    });
}

function bodyError(error: unknown): ZStackException {
  const { type } = error as { type?: string };

  if (type === 'entity.too.large') {
    return new ZStackException(
      ErrorCode.InvalidArgument,
      'the request body is larger than the service accepts',
      HttpStatus.PAYLOAD_TOO_LARGE,
    );
  }

  if (type === 'charset.unsupported' || type === 'encoding.unsupported') {
    return new ZStackException(
      ErrorCode.InvalidArgument,
      'the request body is in an unsupported charset or encoding; send UTF-8 JSON',
      HttpStatus.BAD_REQUEST,
    );
  }

  return new ZStackException(
    ErrorCode.InvalidArgument,
    'the request body is not valid JSON',
    HttpStatus.BAD_REQUEST,
  );
}

/** Raises, after authentication, the body error that `deferredJsonBody` kept. */
@Injectable()
export class BodyErrorInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const { bodyError } = context.switchToHttp().getRequest<BodyRequest>();

    if (bodyError) {
      throw bodyError;
    }

    return next.handle();
  }
}
