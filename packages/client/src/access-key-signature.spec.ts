import { createHmac } from 'node:crypto';

import { accessKeyHeaders, signatureDate, signedPath } from './access-key-signature';
import { VmCapabilitiesClient } from './vm-capabilities-client';

const KEY = { id: 'Hx0tn8Qd5wD6jGvLqJ2K', secret: 'nR3qf0W6kXbTzL9yVd2sPa7mCe1uHj4o' };

/** The signature as ZStack computes it, written out here independently of the client. */
const expectedSignature = (stringToSign: string): string =>
  createHmac('sha1', KEY.secret).update(stringToSign, 'utf8').digest('base64');

describe('access key signing', () => {
  it('writes the Date header in English, in UTC, named UTC', () => {
    expect(signatureDate(new Date(Date.UTC(2026, 11, 3, 16, 30, 4)))).toBe(
      'Thu, 03 Dec 2026 16:30:04 UTC',
    );
    expect(signatureDate(new Date(Date.UTC(2027, 0, 1, 0, 0, 0)))).toBe(
      'Fri, 01 Jan 2027 00:00:00 UTC',
    );
  });

  it('signs /v1 and the path after /zstack/v1, without the query string', () => {
    expect(signedPath('http://h:8080/zstack/v1/vm-instances/capabilities?vmUuids=a')).toBe(
      '/v1/vm-instances/capabilities',
    );
    expect(signedPath('https://h/behind/a/proxy/zstack/v1/vm-instances/abc/capabilities')).toBe(
      '/v1/vm-instances/abc/capabilities',
    );
    expect(() => signedPath('http://h/health/live')).toThrow('not under /zstack/v1');
  });

  it('signs METHOD, Date and path with HMAC-SHA1 in Base64', () => {
    const at = new Date(Date.UTC(2026, 11, 3, 16, 30, 4));

    const headers = accessKeyHeaders(
      KEY,
      'POST',
      'http://h:8080/zstack/v1/vm-instances/capabilities',
      at,
    );

    expect(headers.Date).toBe('Thu, 03 Dec 2026 16:30:04 UTC');
    expect(headers.Authorization).toBe(
      `ZStack ${KEY.id}:${expectedSignature(
        'POST\nThu, 03 Dec 2026 16:30:04 UTC\n/v1/vm-instances/capabilities',
      )}`,
    );
  });

  it('signs each request the client sends, path variables filled in, with no session header', async () => {
    const sent: Request[] = [];
    const sut = new VmCapabilitiesClient({
      baseUrl: 'http://vm-capabilities.test:8080',
      accessKey: KEY,
      fetch: (request) => {
        sent.push(request);

        return Promise.resolve(
          Response.json({
            capabilities: {
              LiveMigration: true,
              MemorySnapshot: false,
              Reimage: true,
              VolumeMigration: false,
            },
          }),
        );
      },
    });

    await sut.getVmCapabilities('68e8ed0735333faab95816b3e8596cea');
    const [request] = sent;
    const date = request.headers.get('Date')!;

    expect(sent).toHaveLength(1);
    expect(date).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} UTC$/);
    expect(request.headers.get('Authorization')).toBe(
      `ZStack ${KEY.id}:${expectedSignature(
        `GET\n${date}\n/v1/vm-instances/68e8ed0735333faab95816b3e8596cea/capabilities`,
      )}`,
    );
  });
});
