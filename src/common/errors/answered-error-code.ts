import { ServerResponse } from 'node:http';

/**
 * The ZStack code each errored response carried, kept beside the response
 * (and dropped with it) so that the request's log line can say which error a
 * 503 was: a caller's unknown VM and an unreachable database answer the same
 * status.
 */
const answeredCodes = new WeakMap<ServerResponse, string>();

export function recordAnsweredErrorCode(response: ServerResponse, code: string): void {
  answeredCodes.set(response, code);
}

export function answeredErrorCode(response: ServerResponse): string | undefined {
  return answeredCodes.get(response);
}
