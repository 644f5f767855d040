import { HttpStatus } from '@nestjs/common';

import { ErrorCode } from './error-code';

/** ZStack's REST server answers every API error with 503, and its SDKs expect it. */
export const API_ERROR_STATUS = HttpStatus.SERVICE_UNAVAILABLE;

/**
 * A failure with a ZStack error code. `details` is shown to the caller, so it
 * says what went wrong in words fit for them and never carries internals.
 */
export class ZStackException extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly details: string,
    readonly status: HttpStatus = API_ERROR_STATUS,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(`${code}: ${details}`);
    this.name = 'ZStackException';
  }
}
