import { AddressInfo, connect } from 'node:net';

import { TestApp, startTestApp } from './support/test-app';

/** Sends raw bytes and reads the whole answer, as a client that speaks broken HTTP. */
function sendRaw(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setTimeout(5000, () => socket.destroy(new Error('no answer within 5 s')));
    socket.on('data', (chunk) => (answer += String(chunk)));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
    socket.write(bytes);
  });
}

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
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual({
      error: {
        code: 'SYS.1007',
        description: 'One or more API argument is invalid',
        details: 'the request is not valid HTTP',
        elaboration: null,
        opaque: null,
        cause: null,
      },
    });
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
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)).error).toEqual(
      expect.objectContaining({
        code: 'ID.1001',
        details: 'send one Authorization header, not several',
      }),
    );
  });
});
