import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import createClient, { Client } from 'openapi-fetch';

import { AccessKey, accessKeyHeaders } from './access-key-signature';
import { components, paths } from './generated/schema';
import { RequestError } from './request-error';
import { RetryPolicy, backoffDelay, isTransient, networkCodeOf } from './retry';
import { ZStackError } from './zstack-error';

/** The four flags GetVmsCapabilities answers for each VM. */
export type VmCapabilities = components['schemas']['VmCapabilitiesDto'];

/** The flags of GetVmCapabilities, in that API's names (`LiveMigration`, ...). */
export type VmCapabilityFlags = components['schemas']['VmCapabilityFlagsDto'];

type VmsCapabilitiesReply = components['schemas']['VmsCapabilitiesReplyDto'];

/** The session a login opens. */
export type SessionInventory = components['schemas']['SessionInventoryDto'];

/** What the client tells before it sends a call again. */
export interface RetryEvent {
  /** The retry about to be made: 1 for the first. */
  retry: number;
  delayMs: number;
  /** The transient failure of the attempt before. */
  error: ZStackError | RequestError;
  requestId: string;
}

export interface VmCapabilitiesClientOptions {
  /** Where the service answers, such as `http://vm-capabilities:8080`. */
  baseUrl: string;
  /** The longest wait for one attempt, answer included; 10,000 ms unless told. */
  timeoutMs?: number;
  /** Attempts after the first for a transient failure; 2 unless told. */
  retries?: number;
  /** The wait before the first retry, doubled for each next one; 200 ms unless told. */
  retryDelayMs?: number;
  /** The longest wait between two attempts; 5,000 ms unless told. */
  maxRetryDelayMs?: number;
  /** Sign each request with this access key instead of using a session. */
  accessKey?: AccessKey;
  /** A session opened elsewhere, used until `login` or `logout`. */
  sessionUuid?: string;
  /**
   * The `X-Request-Id` of calls that do not give one: a fixed id, or a function asked at each call
   * (to pass on the id of the request being served, for instance). A random UUID otherwise.
   */
  requestId?: string | (() => string | undefined);
  /** Told before each retry, to log it for instance. */
  onRetry?: (event: RetryEvent) => void;
  /** The fetch to send requests with; the global one unless told. */
  fetch?: (request: Request) => Promise<Response>;
}

/** Options of one call. */
export interface CallOptions {
  /** Sent as `X-Request-Id`; the service logs it and echoes it back. */
  requestId?: string;
  /** This call's `timeoutMs`, for each attempt. */
  timeoutMs?: number;
  /** Cancels the call, retries included. */
  signal?: AbortSignal;
}

interface Sent {
  headers: Record<string, string>;
  signal: AbortSignal;
}

type Answer<T> = Promise<{ data?: T; error?: unknown; response: Response }>;

/**
 * A client of the VM capabilities service, on openapi-fetch with the types generated from the
 * service's OpenAPI document. It authenticates with a session (`login`) or signs each request
 * with an access key; it retries transient failures (the database unavailable, a refused or reset
 * connection, a timeout) with exponential backoff and jitter, and throws `ZStackError` for the
 * service's errors and `RequestError` when no answer came.
 */
export class VmCapabilitiesClient {
  private readonly http: Client<paths>;
  private readonly timeoutMs: number;
  private readonly retryPolicy: RetryPolicy;
  private session?: string;

  constructor(private readonly options: VmCapabilitiesClientOptions) {
    this.http = createClient<paths>({ baseUrl: options.baseUrl, fetch: options.fetch });
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.retryPolicy = {
      retries: options.retries ?? 2,
      baseDelayMs: options.retryDelayMs ?? 200,
      maxDelayMs: options.maxRetryDelayMs ?? 5_000,
    };
    this.session = options.sessionUuid;

    const key = options.accessKey;

    if (key) {
      // Each attempt is signed afresh, as the signature covers the Date header.
      this.http.use({
        onRequest: ({ request }) => {
          const signed = accessKeyHeaders(key, request.method, request.url);
          request.headers.set('Authorization', signed.Authorization);
          request.headers.set('Date', signed.Date);

          return request;
        },
      });
    }
  }

  /** The uuid of the current session, if any. */
  get sessionUuid(): string | undefined {
    return this.session;
  }

  /**
   * Logs in (LogInByAccount) and keeps the session for the next calls. The password is sent as
   * ZStack clients send it: its SHA-512 hex digest.
   */
  async login(
    accountName: string,
    password: string,
    options?: CallOptions,
  ): Promise<SessionInventory> {
    const digest = createHash('sha512').update(password).digest('hex');
    const { inventory } = await this.call(options, (sent) =>
      this.http.PUT('/zstack/v1/accounts/login', {
        ...sent,
        body: { logInByAccount: { accountName, password: digest } },
      }),
    );
    this.session = inventory.uuid;

    return inventory;
  }

  /** Ends the current session (LogOut), if there is one. */
  async logout(options?: CallOptions): Promise<void> {
    const uuid = this.session;

    if (uuid === undefined) {
      return;
    }

    await this.call(options, (sent) =>
      this.http.DELETE('/zstack/v1/accounts/sessions/{uuid}', {
        ...sent,
        params: { path: { uuid } },
      }),
    );
    this.session = undefined;
  }

  /**
   * GetVmsCapabilities for a batch of VMs, keyed by each uuid as sent. All or nothing: one unknown
   * uuid fails the call with `ZStackError` SYS.1003. Sent synchronously (no `X-Job-UUID`).
   */
  async getVmsCapabilities(
    vmUuids: readonly string[],
    options?: CallOptions,
  ): Promise<Record<string, VmCapabilities>> {
    const reply = await this.call(options, (sent) =>
      this.http.POST('/zstack/v1/vm-instances/capabilities', {
        ...sent,
        body: { params: { vmUuids: [...vmUuids] } },
      }),
    );

    // The document also lists the job form (202 and a location), answered only to a call sent
    // with X-Job-UUID, which this client never sends; an answer other than 200 is refused below.
    return (reply as VmsCapabilitiesReply).vmsCaps;
  }

  /** GetVmCapabilities for one VM. */
  async getVmCapabilities(vmUuid: string, options?: CallOptions): Promise<VmCapabilityFlags> {
    const { capabilities } = await this.call(options, (sent) =>
      this.http.GET('/zstack/v1/vm-instances/{uuid}/capabilities', {
        ...sent,
        params: { path: { uuid: vmUuid } },
      }),
    );

    return capabilities;
  }

  /** Sends one call, again after each transient failure while retries remain. */
  private async call<T>(options: CallOptions = {}, send: (sent: Sent) => Answer<T>): Promise<T> {
    const requestId = options.requestId ?? this.defaultRequestId() ?? randomUUID();
    const headers: Record<string, string> = { 'X-Request-Id': requestId };

    if (this.session !== undefined && !this.options.accessKey) {
      headers.Authorization = `OAuth ${this.session}`;
    }

    for (let retry = 1; ; retry++) {
      let failure: unknown;

      try {
        return await this.attempt(send, headers, requestId, options);
      } catch (error) {
        failure = error;
      }

      if (retry > this.retryPolicy.retries || !isTransient(failure)) {
        throw failure;
      }

      const delayMs = backoffDelay(retry, this.retryPolicy);
      this.options.onRetry?.({
        retry,
        delayMs,
        error: failure as ZStackError | RequestError,
        requestId,
      });
      await sleep(delayMs, undefined, { signal: options.signal });
    }
  }

  private async attempt<T>(
    send: (sent: Sent) => Answer<T>,
    headers: Record<string, string>,
    requestId: string,
    options: CallOptions,
  ): Promise<T> {
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    let answer: Awaited<Answer<T>>;

    try {
      answer = await send({ headers, signal });
    } catch (error) {
      throw this.noAnswer(error, requestId, timeoutMs, timeout, options.signal);
    }

    const { data, error, response } = answer;

    if (response.status === 200) {
      return data as T;
    }

    const echoedId = response.headers.get('X-Request-Id') ?? requestId;
    const body = ZStackError.bodyOf(error);

    if (body) {
      throw new ZStackError(body, response.status, echoedId);
    }

    throw new RequestError(
      `the service answered HTTP ${response.status} where 200 or ZStack's error envelope was expected`,
      'answer',
      echoedId,
      { status: response.status },
    );
  }

  /** What a failed fetch means: the caller's cancellation is passed on as it is. */
  private noAnswer(
    error: unknown,
    requestId: string,
    timeoutMs: number,
    timeout: AbortSignal,
    callerSignal?: AbortSignal,
  ): unknown {
    if (callerSignal?.aborted) {
      return error;
    }

    if (timeout.aborted) {
      return new RequestError(`no answer within ${timeoutMs} ms`, 'timeout', requestId, {
        cause: error,
      });
    }

    // fetch fails with a TypeError; compared by name, as it may come from another realm.
    if ((error as Error | undefined)?.name === 'TypeError') {
      const code = networkCodeOf(error);

      return new RequestError(
        `cannot reach ${this.options.baseUrl}${code ? ` (${code})` : ''}`,
        'network',
        requestId,
        { code, cause: error },
      );
    }

    return error;
  }

  private defaultRequestId(): string | undefined {
    const { requestId } = this.options;

    return typeof requestId === 'function' ? requestId() : requestId;
  }
}
