import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  NotFoundException,
} from '@nestjs/common';

import { Response } from 'express';

import { isDatabaseUnavailable } from '../../database/database-errors';

import { ERROR_DESCRIPTIONS, ErrorCode } from './error-code';
import { ErrorEnvelopeDto } from './error-envelope.dto';
import { ZStackException } from './zstack.exception';

/**
 * Renders every failure as ZStack's ErrorCode envelope. Errors the service
 * expects are logged at debug; anything else at error, and its details never
 * reach the caller.
 */
@Catch()
export class ZStackExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(ZStackExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const error = this.toZStackException(exception);

    if (response.headersSent) {
      return;
    }

    response.status(error.status).set(error.headers).json(envelope(error));
  }

  private toZStackException(exception: unknown): ZStackException {
    if (exception instanceof ZStackException) {
      this.logger.debug(exception.message);

      return exception;
    }

    if (isDatabaseUnavailable(exception)) {
      this.logger.warn({ err: exception }, 'the database is unreachable or did not answer in time');

      return new ZStackException(
        ErrorCode.Timeout,
        'the inventory database did not answer in time',
      );
    }

    // Nest answers a request that no route matches with a NotFoundException.
    if (exception instanceof NotFoundException) {
      return new ZStackException(
        ErrorCode.ResourceNotFound,
        // The path is not echoed: it is the caller's input.
        'no API answers this method and path',
        HttpStatus.NOT_FOUND,
      );
    }

    if (exception instanceof HttpException && exception.getStatus() < 500) {
      return new ZStackException(
        ErrorCode.InvalidArgument,
        'the request is invalid',
        HttpStatus.BAD_REQUEST,
      );
    }

    this.logger.error({ err: exception }, 'unexpected failure');

    return new ZStackException(
      ErrorCode.InternalError,
      'an internal error happened; it has been logged',
    );
  }
}

function envelope(error: ZStackException): ErrorEnvelopeDto {
  return {
    error: {
      code: error.code,
      description: ERROR_DESCRIPTIONS[error.code],
      details: error.details,
      elaboration: null,
      opaque: null,
      cause: null,
    },
  };
}
