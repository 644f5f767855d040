/** ZStack's error envelope: `{"error":{"code","description","details",...}}`. */
export interface ZStackErrorBody {
  code: string;
  description: string;
  details?: string | null;
  elaboration?: string | null;
}

/**
 * The service answered with ZStack's error envelope. API errors come with HTTP 503, as ZStack's
 * REST server sends them; `code` tells them apart:
 *
 * ```ts
 * catch (error) {
 *   if (error instanceof ZStackError && error.code === 'SYS.1003') { ... }
 * }
 * ```
 */
export class ZStackError extends Error {
  override readonly name = 'ZStackError';

  /** The error code, such as `SYS.1003` (a VM not found) or `ID.1001` (an invalid session). */
  readonly code: string;

  /** The catalogue's fixed sentence for the code. */
  readonly description: string;

  /** What went wrong in this call, or null. */
  readonly details: string | null;

  /** The HTTP status of the answer. */
  readonly status: number;

  /** The request id of the call, as the service echoed it in `X-Request-Id`. */
  readonly requestId: string;

  constructor(body: ZStackErrorBody, status: number, requestId: string) {
    super(`${body.code}: ${body.details ?? body.description}`);
    this.code = body.code;
    this.description = body.description;
    this.details = body.details ?? null;
    this.status = status;
    this.requestId = requestId;
  }

  /** The envelope's error, when an answer's body is one. */
  static bodyOf(answer: unknown): ZStackErrorBody | undefined {
    const error = (answer as { error?: unknown } | null | undefined)?.error as
      Partial<ZStackErrorBody> | undefined;

    if (typeof error?.code !== 'string' || typeof error.description !== 'string') {
      return undefined;
    }

    return error as ZStackErrorBody;
  }
}
