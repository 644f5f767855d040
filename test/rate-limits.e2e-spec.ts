import request, { Response } from 'supertest';

import { newUuid } from './support/inventory.factory';
import { TestApp, startTestApp } from './support/test-app';
import { apiError } from './support/zstack-error';

const CAPS = '/zstack/v1/vm-instances/capabilities';
const WINDOW_SECONDS = 60;

function expectLimited(response: Response, limited: 'session' | 'address', limit: number): void {
  expect(response.status).toBe(429);
  expect(response.body).toEqual(
    apiError(
      'SYS.1006',
      `too many requests for this ${limited}: at most ${limit} in ${WINDOW_SECONDS} s`,
    ),
  );
  const retryAfter = Number(response.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
}

describe('rate limits per session (e2e)', () => {
  const LIMIT = 3;
  let sut: TestApp;
  let vm: string;

  beforeAll(async () => {
    sut = await startTestApp({
      RATE_LIMIT_PER_SESSION: String(LIMIT),
      RATE_LIMIT_PER_ADDRESS: '0',
      RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_SECONDS),
    });
    vm = await sut.inventory.vm();
  });

  afterAll(async () => {
    await sut.close();
  });

  it('answers the call past the limit 429 SYS.1006 with Retry-After, counting every route', async () => {
    const session = await sut.inventory.adminSession();
    const auth = `OAuth ${session}`;

    const answers = [
      await request(sut.http)
        .post(CAPS)
        .set('Authorization', auth)
        .send({ params: { vmUuids: [vm] } }),
      await request(sut.http).get(`${CAPS}?vmUuids=${vm}`).set('Authorization', auth),
      await request(sut.http)
        .get(`/zstack/v1/vm-instances/${vm}/capabilities`)
        .set('Authorization', auth),
      await request(sut.http).get(`${CAPS}?vmUuids=${vm}`).set('Authorization', auth),
    ];

    expect(answers.slice(0, LIMIT).map((answer) => answer.status)).toEqual([200, 200, 200]);
    expectLimited(answers[LIMIT], 'session', LIMIT);
  });

  it('counts a session however its uuid is written, and other sessions apart', async () => {
    const session = await sut.inventory.adminSession();
    const other = await sut.inventory.adminSession();
    const forms = [
      session,
      session.toUpperCase(),
      session.replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-'),
    ];
    const ask = (uuid: string) =>
      request(sut.http).get(`${CAPS}?vmUuids=${vm}`).set('Authorization', `OAuth ${uuid}`);

    const statuses = [];
    for (const form of forms) {
      statuses.push((await ask(form)).status);
    }
    const past = await ask(session);
    const otherSession = await ask(other);

    expect(statuses).toEqual([200, 200, 200]);
    expectLimited(past, 'session', LIMIT);
    expect(otherSession.status).toBe(200);
  });

  it('counts a made-up session too, before anything is looked up', async () => {
    const madeUp = newUuid();
    const statuses = [];

    for (let call = 0; call <= LIMIT; call += 1) {
      const answer = await request(sut.http)
        .get(`${CAPS}?vmUuids=${vm}`)
        .set('Authorization', `OAuth ${madeUp}`);
      statuses.push(answer.status);
    }

    expect(statuses).toEqual([503, 503, 503, 429]);
  });
});

describe('rate limits per address (e2e)', () => {
  const LIMIT = 4;
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp({
      RATE_LIMIT_PER_SESSION: '0',
      RATE_LIMIT_PER_ADDRESS: String(LIMIT),
      RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_SECONDS),
    });
  });

  afterAll(async () => {
    await sut.close();
  });

  it('limits every API call from one address, with or without a session, and exempts health and metrics', async () => {
    const session = await sut.inventory.adminSession();
    const vm = await sut.inventory.vm();

    const answers = [
      await request(sut.http).get(`${CAPS}?vmUuids=${vm}`).set('Authorization', `OAuth ${session}`),
      await request(sut.http)
        .post(CAPS)
        .send({ params: { vmUuids: [vm] } }),
      await request(sut.http)
        .put('/zstack/v1/accounts/login')
        .send({ logInByAccount: { accountName: 'nobody', password: 'x' } }),
      await request(sut.http)
        .get(`${CAPS}?vmUuids=${vm}`)
        .set('Authorization', `OAuth ${newUuid()}`),
      await request(sut.http).get(`${CAPS}?vmUuids=${vm}`).set('Authorization', `OAuth ${session}`),
    ];
    const exempt = [
      await request(sut.http).get('/health/live'),
      await request(sut.http).get('/health/ready'),
      await request(sut.http).get('/metrics'),
    ];

    expect(answers.slice(0, LIMIT).map((answer) => answer.status)).toEqual([200, 400, 503, 503]);
    expectLimited(answers[LIMIT], 'address', LIMIT);
    expect(exempt.map((answer) => answer.status)).toEqual([200, 200, 200]);
  });
});

describe('rate limits switched off (e2e)', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp({ RATE_LIMIT_PER_SESSION: '0', RATE_LIMIT_PER_ADDRESS: '0' });
  });

  afterAll(async () => {
    await sut.close();
  });

  it('serves any number of calls when both limits are 0', async () => {
    const session = await sut.inventory.adminSession();
    const vm = await sut.inventory.vm();
    const statuses = new Set<number>();

    for (let call = 0; call < 50; call += 1) {
      const answer = await request(sut.http)
        .get(`${CAPS}?vmUuids=${vm}`)
        .set('Authorization', `OAuth ${session}`);
      statuses.add(answer.status);
    }

    expect([...statuses]).toEqual([200]);
  });
});
