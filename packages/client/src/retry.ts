import { RequestError } from './request-error';
import { ZStackError } from './zstack-error';

/** How often and how patiently a call is sent again after a transient failure. */
export interface RetryPolicy {
  /** Attempts after the first one. */
  retries: number;
  /** The wait before the first retry; it doubles with each retry, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/** The error code of a database that is unreachable or too slow: worth another try. */
const DATABASE_UNAVAILABLE = 'SYS.1001';

/** Connection failures worth another try: the service is restarting or a connection was dropped. */
const TRANSIENT_NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

/**
 * Whether a failure may go away by itself: the database unavailable (SYS.1001), a refused or
 * reset connection, a timeout. Any other ZStack error, and any other answer, is final.
 */
export function isTransient(error: unknown): boolean {
  if (error instanceof ZStackError) {
    return error.code === DATABASE_UNAVAILABLE;
  }

  if (error instanceof RequestError) {
    return (
      error.kind === 'timeout' ||
      (error.kind === 'network' && TRANSIENT_NETWORK_CODES.has(error.code ?? ''))
    );
  }

  return false;
}

/**
 * The wait before retry number `retry` (1 for the first): exponential, capped, with half of it
 * random ("equal jitter"), so that clients failing together do not come back together.
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));

  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** The system error code under fetch's `TypeError: fetch failed`, such as `ECONNREFUSED`. */
export function networkCodeOf(error: unknown): string | undefined {
  let cause = (error as { cause?: unknown } | undefined)?.cause as
    { code?: unknown; errors?: { code?: unknown }[] } | undefined;

  // Connecting to a name with several addresses fails with an AggregateError of each attempt.
  if (cause?.code === undefined && Array.isArray(cause?.errors)) {
    cause = cause.errors[0];
  }

  return typeof cause?.code === 'string' ? cause.code : undefined;
}
