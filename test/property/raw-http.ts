import { Agent, request } from 'node:http';
import { connect } from 'node:net';

/** A request as generated: sent through node:http unless `raw` holds the exact bytes to write. */
export interface HttpRequest {
  method: string;
  /** The request target as written on the request line, already encoded (or not) as intended. */
  path: string;
  /** Header lines in order, duplicates and odd casing kept; Host is added when none is given. */
  headers: [string, string][];
  body?: Buffer;
  /** The whole request as bytes, written to a socket of its own: for what node:http refuses to send. */
  raw?: Buffer;
}

export interface HttpAnswer {
  status: number;
  /** Header names in lower case; a repeated header keeps its last value. */
  headers: Record<string, string>;
  body: string;
}

const ANSWER_TIMEOUT_MS = 15_000;

/**
 * Sends requests to one address: through a keep-alive node:http Agent, which
 * takes headers as an ordered list (so duplicates and casing survive), or for
 * broken HTTP over a raw `net` socket.
 */
export class HttpClient {
  private readonly agent: Agent;

  constructor(
    private readonly port: number,
    connections: number,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: connections });
  }

  send(sent: HttpRequest): Promise<HttpAnswer> {
    return sent.raw ? this.sendRaw(sent.raw) : this.sendThroughAgent(sent);
  }

  close(): void {
    this.agent.destroy();
  }

  private sendThroughAgent(sent: HttpRequest): Promise<HttpAnswer> {
    const names = new Set(sent.headers.map(([name]) => name.toLowerCase()));
    const headers = [
      ...(names.has('host') ? [] : [['Host', `127.0.0.1:${this.port}`]]),
      ...sent.headers,
      ...(sent.body && !names.has('content-length') && !names.has('transfer-encoding')
        ? [['Content-Length', String(sent.body.length)]]
        : []),
    ].flat();

    return new Promise((resolve, reject) => {
      const outgoing = request(
        {
          agent: this.agent,
          host: '127.0.0.1',
          port: this.port,
          method: sent.method,
          path: sent.path,
          headers,
          timeout: ANSWER_TIMEOUT_MS,
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('error', reject);
          incoming.on('end', () => {
            const answerHeaders: Record<string, string> = {};

            for (let index = 0; index < incoming.rawHeaders.length; index += 2) {
              answerHeaders[incoming.rawHeaders[index].toLowerCase()] =
                incoming.rawHeaders[index + 1];
            }

            resolve({
              status: incoming.statusCode ?? 0,
              headers: answerHeaders,
              body: Buffer.concat(chunks).toString('utf8'),
            });
          });
        },
      );
      outgoing.on('timeout', () =>
        outgoing.destroy(new Error(`no answer within ${ANSWER_TIMEOUT_MS} ms`)),
      );
      outgoing.on('error', reject);
      outgoing.end(sent.body);
    });
  }

  /**
   * Writes the bytes and reads one answer. The socket is not half-closed: Node's
   * server drops a request whose client ends its side, so the answer is read to
   * its Content-Length, or else to the server's close.
   */
  private sendRaw(bytes: Buffer): Promise<HttpAnswer> {
    return new Promise((resolve, reject) => {
      const socket = connect(this.port, '127.0.0.1');
      let received = Buffer.alloc(0);
      const finish = () => {
        socket.destroy();

        try {
          resolve(parseAnswer(received));
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      };
      socket.setTimeout(ANSWER_TIMEOUT_MS, () =>
        socket.destroy(new Error(`no answer within ${ANSWER_TIMEOUT_MS} ms`)),
      );
      socket.on('data', (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);

        if (isComplete(received)) {
          finish();
        }
      });
      socket.on('end', finish);
      socket.on('error', reject);
      socket.write(bytes);
    });
  }
}

/** Whether the bytes hold a whole head and as much body as its Content-Length says. */
function isComplete(bytes: Buffer): boolean {
  const end = bytes.indexOf('\r\n\r\n');
  const length = /\r\ncontent-length: *(\d+)/iu.exec(bytes.subarray(0, end).toString('latin1'));

  return end >= 0 && length !== null && bytes.length >= end + 4 + Number(length[1]);
}

/**
 * The first answer in the bytes a server wrote: its body runs to Content-Length
 * or, failing one, to the server's close; a chunked body is joined back.
 */
export function parseAnswer(bytes: Buffer): HttpAnswer {
  const end = bytes.indexOf('\r\n\r\n');

  if (end < 0) {
    throw new Error(`an answer without a complete head: ${JSON.stringify(String(bytes))}`);
  }

  const [statusLine, ...lines] = bytes.subarray(0, end).toString('latin1').split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);

  if (!status) {
    throw new Error(`an answer without a status line: ${JSON.stringify(statusLine)}`);
  }

  const headers: Record<string, string> = {};

  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }

  const rest = bytes.subarray(end + 4);
  const length = headers['content-length'];
  const body =
    length !== undefined
      ? rest.subarray(0, Number(length))
      : /chunked/i.test(headers['transfer-encoding'] ?? '')
        ? dechunk(rest)
        : rest;

  return { status: Number(status[1]), headers, body: body.toString('utf8') };
}

function dechunk(bytes: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;

  while (offset < bytes.length) {
    const lineEnd = bytes.indexOf('\r\n', offset);
    const size = parseInt(bytes.subarray(offset, lineEnd).toString('latin1'), 16);

    if (!(size > 0)) {
      break;
    }

    parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }

  return Buffer.concat(parts);
}
