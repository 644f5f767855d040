import { HttpStatus } from '@nestjs/common';

import { ErrorCode } from '../common/errors/error-code';
import { errorEnvelope } from '../common/errors/zstack-error-mapping';
import { ZStackException } from '../common/errors/zstack.exception';

/** What the poll of a job answers: the status and the body the call would have answered. */
export interface JobOutcome {
  statusCode: number;
  body: object;
}

export function succeeded(body: object): JobOutcome {
  return { statusCode: HttpStatus.OK, body };
}

/** A failure as the poll answers it: its status (503) and ZStack's error envelope. */
export function failedWith(error: ZStackException): JobOutcome {
  return { statusCode: error.status, body: errorEnvelope(error) };
}

/** The answer to the poll of a job that is unknown, expired, or another account's. */
export function jobNotFound(): ZStackException {
  return new ZStackException(
    ErrorCode.ResourceNotFound,
    'the job is unknown or has expired',
    HttpStatus.NOT_FOUND,
  );
}

/** The ZStack code of a failed outcome, read back from its stored envelope. */
export function errorCodeOf(outcome: JobOutcome): string | undefined {
  const code = (outcome.body as { error?: { code?: unknown } }).error?.code;

  return typeof code === 'string' ? code : undefined;
}
