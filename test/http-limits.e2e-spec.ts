import { AddressInfo, Socket, connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

import { TestApp, startTestApp } from './support/test-app';
import { apiError, invalid } from './support/zstack-error';

const CAPS = '/zstack/v1/vm-instances/capabilities';
const BODY_LIMIT = 2048;
const HEADER_LIMIT = 4096;
const HEADERS_TIMEOUT_MS = 1000;
const REQUEST_TIMEOUT_MS = 2000;
const KEEP_ALIVE_MS = 1000;

interface RawAnswer {
  status: number;
  body: unknown;
  /** Milliseconds from the first byte sent to the connection's end. */
  closedAfterMs: number;
}

/** A connection written to by hand, byte by byte if need be, that reads what comes back. */
class RawConnection {
  private readonly socket: Socket;
  private received = '';
  private readonly ended: Promise<void>;
  private readonly openedAt = Date.now();

  constructor(port: number) {
    this.socket = connect(port, '127.0.0.1');
    this.socket.on('data', (chunk) => (this.received += String(chunk)));
    this.ended = new Promise((resolve) => this.socket.on('close', () => resolve()));
    // Never left hanging: a connection nobody closes within 10 s fails the test.
    this.socket.setTimeout(10_000, () => this.socket.destroy());
  }

  write(bytes: string): void {
    this.socket.write(bytes);
  }

  /** The answers received so far, as status lines. */
  statusLines(): string[] {
    return this.received.match(/HTTP\/1\.1 \d{3} [^\r]*/g) ?? [];
  }

  async closed(): Promise<RawAnswer> {
    await this.ended;
    const [head, body] = this.received.split('\r\n\r\n');

    return {
      status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0),
      body: body ? JSON.parse(body) : undefined,
      closedAfterMs: Date.now() - this.openedAt,
    };
  }

  isOpen(): boolean {
    return !this.socket.closed;
  }

  close(): void {
    this.socket.destroy();
  }
}

/**
 * Node counts a header block as the URL plus each header's name and value,
 * and refuses it once that count reaches its limit.
 */
function requestWithHeaderCount(count: number, session: string, vm: string): string {
  const url = `${CAPS}?vmUuids=${vm}`;
  const fixed: [string, string][] = [
    ['Host', 'x'],
    ['Authorization', `OAuth ${session}`],
    ['Connection', 'close'],
  ];
  const counted =
    url.length + fixed.reduce((sum, [name, value]) => sum + name.length + value.length, 0);
  const padding = 'X-Padding'.length;
  const headers = [...fixed, ['X-Padding', 'p'.repeat(count - counted - padding)]];

  return `GET ${url} HTTP/1.1\r\n${headers.map(([name, value]) => `${name}: ${value}`).join('\r\n')}\r\n\r\n`;
}

describe('the HTTP limits, each one byte, uuid or second past it (e2e)', () => {
  let sut: TestApp;
  let port: number;
  let session: string;
  let vm: string;

  beforeAll(async () => {
    sut = await startTestApp({
      BODY_LIMIT_BYTES: String(BODY_LIMIT),
      MAX_HEADER_BYTES: String(HEADER_LIMIT),
      HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
      HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      HTTP_KEEP_ALIVE_TIMEOUT_MS: String(KEEP_ALIVE_MS),
    });
    await sut.app.listen(0, '127.0.0.1');
    port = (sut.http.address() as AddressInfo).port;
    session = await sut.inventory.adminSession();
    vm = await sut.inventory.vm();
  });

  afterAll(async () => {
    await sut.close();
  });

  describe('the body', () => {
    /** A capabilities body of exactly `size` bytes: JSON allows trailing spaces. */
    const bodyOf = (size: number): string => {
      const json = JSON.stringify({ params: { vmUuids: [vm] } });

      return json + ' '.repeat(size - json.length);
    };

    const post = async (body: string): Promise<RawAnswer> => {
      const connection = new RawConnection(port);
      connection.write(
        `POST ${CAPS} HTTP/1.1\r\nHost: x\r\nAuthorization: OAuth ${session}\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n` +
          `Connection: close\r\n\r\n${body}`,
      );

      return connection.closed();
    };

    it('serves a body of BODY_LIMIT_BYTES', async () => {
      const answer = await post(bodyOf(BODY_LIMIT));

      expect(answer.status).toBe(200);
    });

    it('answers 413 SYS.1007 to a body one byte over', async () => {
      const answer = await post(bodyOf(BODY_LIMIT + 1));

      expect(answer.status).toBe(413);
      expect(answer.body).toEqual(invalid('the request body is larger than the service accepts'));
    });
  });

  describe('the header block', () => {
    it('serves a header block one byte under MAX_HEADER_BYTES', async () => {
      const connection = new RawConnection(port);
      connection.write(requestWithHeaderCount(HEADER_LIMIT - 1, session, vm));

      const answer = await connection.closed();

      expect(answer.status).toBe(200);
    });

    it('answers 431 SYS.1007 to one that reaches it', async () => {
      const connection = new RawConnection(port);
      connection.write(requestWithHeaderCount(HEADER_LIMIT, session, vm));

      const answer = await connection.closed();

      expect(answer.status).toBe(431);
      expect(answer.body).toEqual(
        invalid('the request headers are larger than the service accepts'),
      );
    });
  });

  describe('the timeouts', () => {
    const TIMED_OUT = apiError('SYS.1001', 'the request was not received in time');

    it('answers 408 SYS.1001 to headers still unfinished a second past HTTP_HEADERS_TIMEOUT_MS', async () => {
      const connection = new RawConnection(port);
      connection.write(`GET ${CAPS}?vmUuids=${vm} HTTP/1.1\r\nHost: x\r\n`);

      const answer = await connection.closed();

      expect(answer.status).toBe(408);
      expect(answer.body).toEqual(TIMED_OUT);
      // Node checks once a second, so the answer comes between the limit and a second past it.
      expect(answer.closedAfterMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 50);
    });

    it('serves headers sent slowly within HTTP_HEADERS_TIMEOUT_MS', async () => {
      const connection = new RawConnection(port);
      connection.write(`GET ${CAPS}?vmUuids=${vm} HTTP/1.1\r\nHost: x\r\n`);
      await sleep(HEADERS_TIMEOUT_MS / 4);
      connection.write(`Authorization: OAuth ${session}\r\nConnection: close\r\n\r\n`);

      const answer = await connection.closed();

      expect(answer.status).toBe(200);
    });

    it('answers 408 SYS.1001 to a body still unfinished a second past HTTP_REQUEST_TIMEOUT_MS', async () => {
      const body = JSON.stringify({ params: { vmUuids: [vm] } });
      const connection = new RawConnection(port);
      connection.write(
        `POST ${CAPS} HTTP/1.1\r\nHost: x\r\nAuthorization: OAuth ${session}\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
      );

      const answer = await connection.closed();

      expect(answer.status).toBe(408);
      expect(answer.body).toEqual(TIMED_OUT);
      expect(answer.closedAfterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 50);
    });

    it('closes a keep-alive connection idle past HTTP_KEEP_ALIVE_TIMEOUT_MS, and keeps one used within it', async () => {
      const ask = `GET ${CAPS}?vmUuids=${vm} HTTP/1.1\r\nHost: x\r\nAuthorization: OAuth ${session}\r\n\r\n`;
      const connection = new RawConnection(port);
      connection.write(ask);
      await sleep(KEEP_ALIVE_MS / 2);
      connection.write(ask);
      await sleep(KEEP_ALIVE_MS / 2);
      const openWithinTimeout = connection.isOpen();

      await sleep(KEEP_ALIVE_MS + 2000);
      const openAfterTimeout = connection.isOpen();
      connection.close();

      expect(connection.statusLines()).toEqual(['HTTP/1.1 200 OK', 'HTTP/1.1 200 OK']);
      expect(openWithinTimeout).toBe(true);
      expect(openAfterTimeout).toBe(false);
    });
  });
});
