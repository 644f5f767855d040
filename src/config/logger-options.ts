import { Params } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';

import { AppConfig } from './app-config';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Takes the caller's X-Request-Id when it is sane, makes one otherwise, and echoes it back. */
function requestId(request: IncomingMessage, response: ServerResponse): string {
  const given = request.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  response.setHeader('X-Request-Id', id);

  return id;
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
 * by route pattern.
 */
export function loggerOptions(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.LOG_LEVEL,
      transport: prettyTransport(),
      genReqId: requestId,
      customAttributeKeys: { responseTime: 'durationMs' },
      serializers: {
        req: (request: { id: string; method: string }) => ({
          id: request.id,
          method: request.method,
        }),
        res: (response: { statusCode: number }) => ({ status: response.statusCode }),
      },
      customProps: (request: IncomingMessage & { route?: { path?: string } }) => ({
        route: request.route?.path ?? 'unmatched',
      }),
      // Every API error is a 503, as in ZStack; unexpected ones are logged by the exception filter.
      customLogLevel: (_request, _response, error) => (error ? 'error' : 'info'),
    },
  };
}
