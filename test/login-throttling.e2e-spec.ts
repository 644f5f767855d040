import request from 'supertest';

import { sha512 } from './support/inventory.factory';
import { TestApp, startTestApp } from './support/test-app';
import { apiError } from './support/zstack-error';

const TOO_MANY = apiError('SYS.1006', 'too many failed logins; try again later');

describe('login throttling (e2e)', () => {
  let sut: TestApp;

  const logIn = (accountName: string, password: string, address = '192.0.2.1') =>
    request(sut.http)
      .put('/zstack/v1/accounts/login')
      .set('X-Forwarded-For', address)
      .send({ logInByAccount: { accountName, password } });

  beforeAll(async () => {
    sut = await startTestApp({
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
      LOGIN_MAX_FAILURES_PER_ADDRESS: '5',
      LOGIN_LOCKOUT_SECONDS: '600',
      // The addresses of these tests come from X-Forwarded-For, as behind a proxy.
      TRUST_PROXY: 'true',
    });
  });

  afterAll(async () => {
    await sut.close();
  });

  it('refuses an account after repeated failures, even with the right password', async () => {
    const account = await sut.inventory.account();

    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await logIn(account.name, sha512('wrong'), '192.0.2.10')).status).toBe(503);
    }
    const refused = await logIn(account.name, account.passwordDigest, '192.0.2.11');

    expect(refused.status).toBe(429);
    expect(refused.body).toEqual(TOO_MANY);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(600);
  });

  it('counts an unknown account name like a known one', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      await logIn('nobody-by-this-name', sha512('guess'), '192.0.2.20');
    }

    const refused = await logIn('nobody-by-this-name', sha512('guess'), '192.0.2.21');

    expect(refused.status).toBe(429);
    expect(refused.body).toEqual(TOO_MANY);
  });

  it('refuses an address after repeated failures across accounts', async () => {
    const account = await sut.inventory.account();

    for (let attempt = 0; attempt < 5; attempt++) {
      await logIn(`guess-${attempt}`, sha512('guess'), '192.0.2.30');
    }
    const refused = await logIn(account.name, account.passwordDigest, '192.0.2.30');
    const elsewhere = await logIn(account.name, account.passwordDigest, '192.0.2.31');

    expect(refused.status).toBe(429);
    expect(elsewhere.status).toBe(200);
  });

  it("resets an account's count on a successful login", async () => {
    const account = await sut.inventory.account();

    await logIn(account.name, sha512('wrong'), '192.0.2.40');
    await logIn(account.name, sha512('wrong'), '192.0.2.40');
    expect((await logIn(account.name, account.passwordDigest, '192.0.2.41')).status).toBe(200);
    await logIn(account.name, sha512('wrong'), '192.0.2.42');
    await logIn(account.name, sha512('wrong'), '192.0.2.42');
    const stillAllowed = await logIn(account.name, account.passwordDigest, '192.0.2.43');

    expect(stillAllowed.status).toBe(200);
  });
});
