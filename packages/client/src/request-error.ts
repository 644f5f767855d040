/**
 * Why a call got no usable answer:
 * - `timeout`: an attempt outlived its `timeoutMs`;
 * - `network`: the connection failed (refused, reset, name not found, ...);
 * - `answer`: an answer that is not ZStack's error envelope, such as a proxy's error page.
 */
export type RequestErrorKind = 'timeout' | 'network' | 'answer';

/** A call that got no answer from the service, or one that is not the service's. */
export class RequestError extends Error {
  override readonly name = 'RequestError';

  /** The HTTP status, for an `answer`. */
  readonly status?: number;

  /** The system error code of a `network` failure, such as `ECONNREFUSED`. */
  readonly code?: string;

  constructor(
    message: string,
    readonly kind: RequestErrorKind,
    /** The request id the call was sent with. */
    readonly requestId: string,
    details: { status?: number; code?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: details.cause });
    this.status = details.status;
    this.code = details.code;
  }
}
