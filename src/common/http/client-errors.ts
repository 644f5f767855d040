import { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Socket } from 'node:net';

import { ErrorCode } from '../errors/error-code';
import { errorEnvelope } from '../errors/zstack-error-mapping';
import { ZStackException } from '../errors/zstack.exception';

interface ClientErrorAnswer {
  status: string;
  code: ErrorCode;
  details: string;
}

/** Node's own refusals, each answered with the envelope rather than Node's bare status line. */
const ANSWERS: Readonly<Record<string, ClientErrorAnswer>> = {
  HPE_HEADER_OVERFLOW: {
    status: '431 Request Header Fields Too Large',
    code: ErrorCode.InvalidArgument,
    details: 'the request headers are larger than the service accepts',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: '408 Request Timeout',
    code: ErrorCode.Timeout,
    details: 'the request was not received in time',
  },
};

const NOT_HTTP: ClientErrorAnswer = {
  status: '400 Bad Request',
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

    socket.end(rawAnswer(ANSWERS[error.code ?? ''] ?? NOT_HTTP));
  });
}

/**
 * A request whose `Expect` header asks for anything but `100-continue` would get
 * Node's bare 417 (Node then never hands it to the application). It gets 417
 * with the envelope instead; the connection stays open, as it does in Node.
 */
export function answerUnmetExpectations(server: Server): void {
  server.on('checkExpectation', (_request: IncomingMessage, response: ServerResponse) => {
    const body = envelope(
      ErrorCode.InvalidArgument,
      'the Expect header asks for something other than 100-continue, which the service does not do',
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
    `HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  );
}
