import { AddressInfo } from 'node:net';

import { sendRaw } from './support/raw-http';
import { TestApp, startTestApp } from './support/test-app';
import { invalid } from './support/zstack-error';

/** The envelope of a raw answer. */
const envelopeOf = (answer: string) =>
  JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as {
    error: { code: string; details: string };
  };

describe('requests Node cannot parse (e2e)', () => {
  let sut: TestApp;
  let port: number;

  beforeAll(async () => {
    sut = await startTestApp();
    await sut.app.listen(0, '127.0.0.1');
    port = (sut.http.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await sut.close();
  });

  it.each([
    ['a header line without a colon', 'GET / HTTP/1.1\r\nHost: x\r\nbroken header\r\n\r\n'],
    [
      'both Content-Length and Transfer-Encoding',
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    ],
  ])('answers %s with 400 and the envelope', async (_name, bytes) => {
    const answer = await sendRaw(port, bytes);

    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(envelopeOf(answer)).toEqual(invalid('the request is not valid HTTP'));
  });

  it('answers two Authorization headers with 400 ID.1001, whichever comes first', async () => {
    const session = await sut.inventory.adminSession();
    const vm = await sut.inventory.vm();

    const answer = await sendRaw(
      port,
      `GET /zstack/v1/vm-instances/${vm}/capabilities HTTP/1.1\r\nHost: x\r\n` +
        `Authorization: OAuth ${session}\r\nAuthorization: OAuth ${session}\r\n` +
        'Connection: close\r\n\r\n',
    );

    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(envelopeOf(answer).error).toEqual(
      expect.objectContaining({
        code: 'ID.1001',
        details: 'send one Authorization header, not several',
      }),
    );
  });

  /** A capabilities call whose Expect header says `expectation`, sent as its bytes. */
  const callExpecting = async (expectation: string): Promise<string> => {
    const session = await sut.inventory.adminSession();
    const body = JSON.stringify({ params: { vmUuids: [await sut.inventory.vm()] } });

    return sendRaw(
      port,
      'POST /zstack/v1/vm-instances/capabilities HTTP/1.1\r\nHost: x\r\n' +
        `Authorization: OAuth ${session}\r\nContent-Type: application/json\r\n` +
        `Expect: ${expectation}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    );
  };

  it('answers an Expect other than 100-continue with 417 and the envelope', async () => {
    const answer = await callExpecting('foo');

    expect(answer).toMatch(/^HTTP\/1\.1 417 Expectation Failed\r\n/);
    expect(answer).toMatch(/\r\nContent-Type: application\/json; charset=utf-8\r\n/);
    expect(envelopeOf(answer)).toEqual(
      invalid(
        'the Expect header asks for something other than 100-continue, which the service does not do',
      ),
    );
  });

  it('serves a request that expects 100-continue', async () => {
    const answer = await callExpecting('100-continue');

    expect(answer).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK\r\n/);
  });

  it('serves an HTTP/1.1 request without a Host header, where Node alone would answer a bare 400', async () => {
    const session = await sut.inventory.adminSession();
    const vm = await sut.inventory.vm();

    const answer = await sendRaw(
      port,
      `GET /zstack/v1/vm-instances/${vm}/capabilities HTTP/1.1\r\n` +
        `Authorization: OAuth ${session}\r\nConnection: close\r\n\r\n`,
    );

    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  });

  describe('a path that is not valid percent-encoding', () => {
    const BAD_PATHS = [
      '/zstack/v1/vm-instances/%zz/capabilities',
      '/zstack/v1/vm-instances/%ED%A0%80/capabilities',
      '/zstack/v1/vm-instances/abc%/capabilities',
    ];
    const ask = (path: string, authorization?: string) =>
      sendRaw(
        port,
        `GET ${path} HTTP/1.1\r\nHost: x\r\n` +
          (authorization ? `Authorization: ${authorization}\r\n` : '') +
          'Connection: close\r\n\r\n',
      );

    it.each(BAD_PATHS)('is answered as any call without a session first: %s', async (path) => {
      const none = await ask(path);
      const unknown = await ask(path, 'OAuth 0123456789abcdef0123456789abcdef');

      expect(none).toMatch(/^HTTP\/1\.1 400 /);
      expect(envelopeOf(none).error.code).toBe('ID.1001');
      expect(unknown).toMatch(/^HTTP\/1\.1 503 /);
      expect(envelopeOf(unknown).error).toEqual(
        expect.objectContaining({ code: 'ID.1001', details: 'Session expired' }),
      );
    });

    it.each(BAD_PATHS)('is an invalid argument once the session is valid: %s', async (path) => {
      const session = await sut.inventory.adminSession();

      const answer = await ask(path, `OAuth ${session}`);

      expect(answer).toMatch(/^HTTP\/1\.1 503 /);
      expect(envelopeOf(answer).error).toEqual(
        expect.objectContaining({
          code: 'SYS.1007',
          details: 'the request path holds an escape that is not valid percent-encoded UTF-8',
        }),
      );
    });
  });
});
