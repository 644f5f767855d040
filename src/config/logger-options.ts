import { Params } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { DestinationStream } from 'pino';

import { answeredErrorCode } from '../common/errors/answered-error-code';
import { routeLabel } from '../common/http/route-label';

import { AppConfig } from './app-config';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

type RoutedRequest = IncomingMessage & { route?: unknown };

/** Takes the caller's X-Request-Id when it is sane, makes one otherwise, and echoes it back. */
function requestId(request: IncomingMessage, response: ServerResponse): string {
  const given = request.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  response.setHeader('X-Request-Id', id);

  return id;
}

/**
 * The route pattern, never the path (a path can hold a session uuid), and the
 * ZStack code of an error answer, never its details (they can name a VM).
 */
function withRoute(request: RoutedRequest, response: ServerResponse, fields: object): object {
  const code = answeredErrorCode(response);

  return { ...fields, route: routeLabel(request), ...(code && { code }) };
}

function prettyTransport(): { target: string } | undefined {
  if (!process.stdout.isTTY) {
    return undefined;
  }

  try {
    return { target: require.resolve('pino-pretty') };
  } catch {
    return undefined;
  }
}

/**
 * Structured JSON logs through pino: one line per request with method, route,
 * status, duration and request id. Credentials are never logged: headers are
 * not logged at all, and session uuids appear only in paths the service logs
 * by route pattern. Logs go to standard output unless a stream is given.
 */
export function loggerOptions(config: AppConfig, stream?: DestinationStream): Params {
  return {
    pinoHttp: {
      level: config.LOG_LEVEL,
      ...(stream ? { stream } : { transport: prettyTransport() }),
      genReqId: requestId,
      customAttributeKeys: { responseTime: 'durationMs' },
      serializers: {
        req: (request: { id: string; method: string }) => ({
          id: request.id,
          method: request.method,
        }),
        res: (response: { statusCode: number }) => ({ status: response.statusCode }),
      },
      // The route is known only once the request is routed, so it is added to the
      // finishing line; pino-http's customProps would also bind it, unrouted, at the start.
      customSuccessObject: (request: RoutedRequest, response, fields: object) =>
        withRoute(request, response, fields),
      // Every API error is a 503, as in ZStack: an answer, not a failure, so its line is at info
      // and without the error pino-http makes up for it, whose stack points into pino-http.
      // Unexpected failures are logged, with their stacks, by the exception filter.
      customErrorObject: (request: RoutedRequest, response, _error, fields: object) =>
        withRoute(request, response, { ...fields, err: undefined }),
      customLogLevel: (_request, _response, error) => (error ? 'error' : 'info'),
    },
  };
}
