/**
 * Whether an error means the database could not be reached or did not answer
 * in time, as opposed to a fault in a query. Prisma's driver adapter wraps the
 * pg driver's errors, so the whole chain of causes is searched.
 */
const PRISMA_UNAVAILABLE = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
const ADAPTER_UNAVAILABLE = new Set([
  'DatabaseNotReachable',
  'DatabaseDoesNotExist',
  'SocketTimeout',
  'TooManyConnections',
  'ConnectionClosed',
  'TransactionStartTimeout',
]);
const NODE_UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** Postgres SQLSTATEs: query canceled (statement timeout), admin shutdown, cannot connect now, connection exceptions. */
const POSTGRES_UNAVAILABLE = /^(57014|57P0[1-3]|08...|53300)$/;
const DRIVER_MESSAGES = [
  'timeout exceeded when trying to connect',
  'Connection terminated',
  'Query read timeout',
];

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 6) {
    return false;
  }

  const { code, kind, message, cause, meta } = error as Record<string, unknown>;
  const originalCode = (cause as Record<string, unknown> | undefined)?.originalCode;

  if (typeof code === 'string') {
    if (
      PRISMA_UNAVAILABLE.has(code) ||
      NODE_UNAVAILABLE.has(code) ||
      POSTGRES_UNAVAILABLE.test(code)
    ) {
      return true;
    }
  }

  if (typeof kind === 'string' && ADAPTER_UNAVAILABLE.has(kind)) {
    return true;
  }

  if (typeof originalCode === 'string' && POSTGRES_UNAVAILABLE.test(originalCode)) {
    return true;
  }

  if (typeof message === 'string' && DRIVER_MESSAGES.some((text) => message.includes(text))) {
    return true;
  }

  return [cause, meta, (meta as Record<string, unknown> | undefined)?.driverAdapterError].some(
    (inner) => isDatabaseUnavailable(inner, depth + 1),
  );
}
