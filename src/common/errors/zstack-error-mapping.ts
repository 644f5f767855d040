import { HttpException, HttpStatus, Logger, NotFoundException } from '@nestjs/common';

import { isDatabaseUnavailable } from '../../database/database-errors';

import { ERROR_DESCRIPTIONS, ErrorCode } from './error-code';
import { ErrorEnvelopeDto } from './error-envelope.dto';
import { ZStackException } from './zstack.exception';

/**
 * Any failure as the ZStack error it is answered with. Errors the service
 * expects are logged at debug; a database that is away at warn; anything else
 * at error, and its details never reach the caller. The exception filter and
 * the job protocol, which stores a failure for its poll, both answer so.
 */
export function asZStackException(exception: unknown, logger: Logger): ZStackException {
  if (exception instanceof ZStackException) {
    logger.debug(exception.message);

    return exception;
  }

  if (isDatabaseUnavailable(exception)) {
    logger.warn({ err: exception }, 'the database is unreachable or did not answer in time');

    return new ZStackException(ErrorCode.Timeout, 'the inventory database did not answer in time');
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

  logger.error({ err: exception }, 'unexpected failure');

  return new ZStackException(
    ErrorCode.InternalError,
    'an internal error happened; it has been logged',
  );
}

/** ZStack's error envelope of a failure: `{"error": ErrorCode}`. */
export function errorEnvelope(error: ZStackException): ErrorEnvelopeDto {
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
