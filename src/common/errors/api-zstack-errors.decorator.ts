import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse } from '@nestjs/swagger';

import { ErrorEnvelopeDto } from './error-envelope.dto';

/** Documents the error answers every API shares. */
export const ApiZStackErrors = (): ClassDecorator & MethodDecorator =>
  applyDecorators(
    ApiExtraModels(ErrorEnvelopeDto),
    ApiResponse({
      status: 400,
      type: ErrorEnvelopeDto,
      description:
        'ID.1001 when the Authorization header is missing or neither OAuth nor ZStack; ' +
        'SYS.1007 when the body is not JSON',
    }),
    ApiResponse({
      status: 413,
      type: ErrorEnvelopeDto,
      description: 'SYS.1007: the body is too large',
    }),
    ApiResponse({
      status: 429,
      type: ErrorEnvelopeDto,
      description: 'SYS.1006: over a rate limit, per session or per address',
      headers: {
        'Retry-After': {
          description: 'seconds until a call is accepted again',
          schema: { type: 'integer' },
        },
      },
    }),
    ApiResponse({
      status: 503,
      type: ErrorEnvelopeDto,
      description:
        'every API error, as ZStack answers: ID.1001 invalid session or access key signature, ' +
        'SYS.1007 invalid argument, ' +
        'SYS.1003 VM not found, SYS.1001 database timeout, SYS.1000 internal error',
    }),
  );
