import { Logger } from '@nestjs/common';

import { IncomingMessage, STATUS_CODES, Server, ServerResponse } from 'node:http';
import { Socket } from 'node:net';

import { ErrorCode } from '../errors/error-code';
import { errorEnvelope } from '../errors/zstack-error-mapping';
import { ZStackException } from '../errors/zstack.exception';

/**
 * These answers never reach the application's request logger, so each gets a
 * line of its own, shaped like a request's: `req` and `res` are given as the
 * request logger's serializers read them, and come out as its lines have them.
 */
const logger = new Logger('HttpServer');

interface ClientErrorAnswer {
  status: number;
  code: ErrorCode;
  details: string;
}

/** Node's own refusals, each answered with the envelope rather than Node's bare status line. */
const ANSWERS: Readonly<Record<string, ClientErrorAnswer>> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: ErrorCode.InvalidArgument,
    details: 'the request headers are larger than the service accepts',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    code: ErrorCode.Timeout,
    details: 'the request was not received in time',
  },
};

const NOT_HTTP: ClientErrorAnswer = {
  status: 400,
  code: ErrorCode.InvalidArgument,
  details: 'the request is not valid HTTP',
};

/**
 * A request that Node refuses before the application sees it (it cannot be
 * parsed as HTTP, its header block is too large, or it arrives too slowly)
 * would get Node's bare status line. This answers it with the envelope instead,
 * and closes the connection, as Node does.
 */
export function answerUnparsableRequests(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) {
      socket.destroy();

      return;
    }

    const answer = ANSWERS[error.code ?? ''] ?? NOT_HTTP;
    logger.log(
      { res: { statusCode: answer.status }, code: answer.code, parserError: error.code },
      'request refused by the HTTP parser',
    );
    socket.end(rawAnswer(answer));
  });
}

/**
 * A request whose `Expect` header asks for anything but `100-continue` would get
 * Node's bare 417 (Node then never hands it to the application). It gets 417
 * with the envelope instead; the connection stays open, as it does in Node.
 */
export function answerUnmetExpectations(server: Server): void {
  server.on('checkExpectation', (request: IncomingMessage, response: ServerResponse) => {
    const code = ErrorCode.InvalidArgument;
    const body = envelope(
      code,
      'the Expect header asks for something other than 100-continue, which the service does not do',
    );
    logger.log(
      { req: { method: request.method }, res: { statusCode: 417 }, code },
      'request refused for its Expect header',
    );

    response.writeHead(417, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
    });
    response.end(body);
  });
}

/** The envelope as the exception filter writes it, for the answers Node sends itself. */
function envelope(code: ErrorCode, details: string): string {
  return JSON.stringify(errorEnvelope(new ZStackException(code, details)));
}

function rawAnswer({ status, code, details }: ClientErrorAnswer): string {
  const body = envelope(code, details);

  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  );
}
