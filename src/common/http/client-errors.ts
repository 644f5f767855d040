import { Server } from 'node:http';
import { Socket } from 'node:net';

import { ERROR_DESCRIPTIONS, ErrorCode } from '../errors/error-code';

/** Node's own answers that stay bare, as the contract allows: an oversized header block, a timeout. */
const BARE_ANSWERS: Readonly<Record<string, string>> = {
  HPE_HEADER_OVERFLOW: '431 Request Header Fields Too Large',
  ERR_HTTP_REQUEST_TIMEOUT: '408 Request Timeout',
};

const NOT_HTTP = JSON.stringify({
  error: {
    code: ErrorCode.InvalidArgument,
    description: ERROR_DESCRIPTIONS[ErrorCode.InvalidArgument],
    details: 'the request is not valid HTTP',
    elaboration: null,
    opaque: null,
    cause: null,
  },
});

/**
 * A request that Node cannot parse as HTTP never reaches the application; Node
 * would answer it with an empty 400. This answers it with the envelope instead.
 */
export function answerUnparsableRequests(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) {
      socket.destroy();

      return;
    }

    const bare = BARE_ANSWERS[error.code ?? ''];

    if (bare) {
      socket.end(`HTTP/1.1 ${bare}\r\nConnection: close\r\n\r\n`);

      return;
    }

    socket.end(
      'HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(NOT_HTTP)}\r\nConnection: close\r\n\r\n${NOT_HTTP}`,
    );
  });
}
