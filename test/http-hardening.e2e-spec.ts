import request, { Response } from 'supertest';

import { TestApp, startTestApp } from './support/test-app';

const CAPS = '/zstack/v1/vm-instances/capabilities';
const CONSOLE = 'https://console.example.com';

/** The headers helmet sets, as every answer must carry them. */
function expectSecurityHeaders(response: Response): void {
  expect(response.headers).toEqual(
    expect.objectContaining({
      'content-security-policy': expect.stringContaining("default-src 'self'"),
      'strict-transport-security': expect.stringContaining('max-age='),
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
    }),
  );
  expect(response.headers['x-powered-by']).toBeUndefined();
  // The service speaks plain HTTP: browsers must not be told to fetch its pages over HTTPS.
  expect(response.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
}

describe('HTTP hardening with the defaults (e2e)', () => {
  let sut: TestApp;
  let session: string;
  let vm: string;

  beforeAll(async () => {
    sut = await startTestApp();
    session = await sut.inventory.adminSession();
    vm = await sut.inventory.vm();
  });

  afterAll(async () => {
    await sut.close();
  });

  it('sets the security headers on a success, an API error, an unknown route, health, metrics and Swagger UI', async () => {
    const answers = [
      await request(sut.http).get(`${CAPS}?vmUuids=${vm}`).set('Authorization', `OAuth ${session}`),
      await request(sut.http)
        .get(`${CAPS}?vmUuids=nonsense`)
        .set('Authorization', `OAuth ${session}`),
      await request(sut.http).post(CAPS).send('{broken'),
      await request(sut.http).get('/zstack/v1/nothing-here'),
      await request(sut.http).get('/health/live'),
      await request(sut.http).get('/metrics'),
      await request(sut.http).get('/docs/'),
    ];

    expect(answers.map((answer) => answer.status)).toEqual([200, 503, 400, 404, 200, 200, 200]);
    answers.forEach(expectSecurityHeaders);
  });

  it('allows no cross-origin caller: no CORS header on a call or a preflight', async () => {
    const call = await request(sut.http)
      .get(`${CAPS}?vmUuids=${vm}`)
      .set('Origin', CONSOLE)
      .set('Authorization', `OAuth ${session}`);
    const preflight = await request(sut.http)
      .options(CAPS)
      .set('Origin', CONSOLE)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type');

    expect(call.status).toBe(200);
    expect(call.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-methods']).toBeUndefined();
    expect(preflight.body.error.code).toBe('SYS.1003');
  });
});

describe('CORS for configured origins (e2e)', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp({ CORS_ORIGINS: `${CONSOLE}, https://other.example.com` });
  });

  afterAll(async () => {
    await sut.close();
  });

  it('answers a preflight from a configured origin, and nothing to another', async () => {
    const preflight = (origin: string) =>
      request(sut.http)
        .options(CAPS)
        .set('Origin', origin)
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type');

    const allowed = await preflight(CONSOLE);
    const refused = await preflight('https://evil.example.com');

    expect(allowed.status).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe(CONSOLE);
    expect(allowed.headers['access-control-allow-headers']).toMatch(/Authorization/);
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('names the origin on an actual call from it', async () => {
    const session = await sut.inventory.adminSession();
    const vm = await sut.inventory.vm();

    const call = await request(sut.http)
      .get(`${CAPS}?vmUuids=${vm}`)
      .set('Origin', CONSOLE)
      .set('Authorization', `OAuth ${session}`);

    expect(call.status).toBe(200);
    expect(call.headers['access-control-allow-origin']).toBe(CONSOLE);
    expect(call.headers['access-control-expose-headers']).toMatch(/X-Request-Id/);
  });
});

describe('Swagger UI switched off (e2e)', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp({ SWAGGER_ENABLED: 'false' });
  });

  afterAll(async () => {
    await sut.close();
  });

  it.each(['/docs', '/docs/', '/docs-json'])('answers %s 404 with the envelope', async (path) => {
    const response = await request(sut.http).get(path);

    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('SYS.1003');
    expectSecurityHeaders(response);
  });
});
