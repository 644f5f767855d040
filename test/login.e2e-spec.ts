import request from 'supertest';

import { newUuid, sha512 } from './support/inventory.factory';
import { TestApp, startTestApp } from './support/test-app';
import { ACCOUNT_DISABLED, SESSION_EXPIRED, apiError, invalid } from './support/zstack-error';

const LOGIN = '/zstack/v1/accounts/login';
const oneVm = (uuid: string): string => `/zstack/v1/vm-instances/${uuid}/capabilities`;
const sessionPath = (uuid: string): string => `/zstack/v1/accounts/sessions/${uuid}`;

const SESSION_TIMEOUT_SECONDS = 7200;
const MAX_SESSIONS_PER_ACCOUNT = 3;

/** ISO 8601 in UTC, as Date.prototype.toISOString writes it. */
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const UUID = /^[0-9a-f]{32}$/;

const AUTHENTICATION_FAILED = apiError('ID.1000', 'wrong account name or password');

const NFS_RUNNING_CAPABILITIES = {
  capabilities: {
    LiveMigration: true,
    VolumeMigration: false,
    Reimage: true,
    MemorySnapshot: false,
  },
};

describe('login (e2e)', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp({
      SESSION_TIMEOUT_SECONDS: String(SESSION_TIMEOUT_SECONDS),
      MAX_SESSIONS_PER_ACCOUNT: String(MAX_SESSIONS_PER_ACCOUNT),
    });
  });

  afterAll(async () => {
    await sut.close();
  });

  const logIn = (body: unknown) =>
    request(sut.http)
      .put(LOGIN)
      .send(body as object);

  const logInAs = (accountName: string, password: string) =>
    logIn({ logInByAccount: { accountName, password } });

  const capabilitiesWith = (session: string, vm: string) =>
    request(sut.http).get(oneVm(vm)).set('Authorization', `OAuth ${session}`);

  describe('a right password', () => {
    it('issues a session inventory with ISO 8601 UTC dates, without an Authorization header', async () => {
      const account = await sut.inventory.account({ password: 'right password' });

      const before = Date.now();
      const response = await logInAs(account.name, sha512('right password'));
      const after = Date.now();

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        inventory: {
          uuid: expect.stringMatching(UUID) as unknown,
          accountUuid: account.uuid,
          userUuid: account.uuid,
          expiredDate: expect.stringMatching(ISO_UTC) as unknown,
          createDate: expect.stringMatching(ISO_UTC) as unknown,
        },
      });
      const { expiredDate, createDate } = (
        response.body as { inventory: { expiredDate: string; createDate: string } }
      ).inventory;
      expect(Date.parse(expiredDate)).toBeGreaterThanOrEqual(
        before + SESSION_TIMEOUT_SECONDS * 1000,
      );
      expect(Date.parse(expiredDate)).toBeLessThanOrEqual(after + SESSION_TIMEOUT_SECONDS * 1000);
      expect(Date.parse(createDate)).toBeGreaterThanOrEqual(before - 1000);
      expect(Date.parse(createDate)).toBeLessThanOrEqual(after + 1000);
    });

    it('issues a session that then works for a capability call', async () => {
      const account = await sut.inventory.account();
      const vm = await sut.inventory.vm({ owner: account.uuid });

      const login = await logInAs(account.name, account.passwordDigest);
      const { uuid } = (login.body as { inventory: { uuid: string } }).inventory;
      const response = await capabilitiesWith(uuid, vm);

      expect(login.status).toBe(200);
      expect(response.status).toBe(200);
      expect(response.body).toEqual(NFS_RUNNING_CAPABILITIES);
    });

    it('ignores an Authorization header on login, even an invalid one', async () => {
      const account = await sut.inventory.account();

      const response = await request(sut.http)
        .put(LOGIN)
        .set('Authorization', `OAuth ${newUuid()}`)
        .send({ logInByAccount: { accountName: account.name, password: account.passwordDigest } });

      expect(response.status).toBe(200);
      expect((response.body as { inventory: { accountUuid: string } }).inventory.accountUuid).toBe(
        account.uuid,
      );
    });

    it('answers SYS.1006 to a Disabled account with the right password', async () => {
      const account = await sut.inventory.account({ state: 'Disabled' });

      const response = await logInAs(account.name, account.passwordDigest);

      expect(response.status).toBe(503);
      expect(response.body).toEqual(ACCOUNT_DISABLED);
    });
  });

  describe('a failed login', () => {
    it('answers a wrong password and an unknown account name byte for byte alike, ID.1000', async () => {
      const account = await sut.inventory.account({ password: 'right password' });

      const wrongPassword = await logInAs(account.name, sha512('wrong password'));
      const unknownName = await logInAs(`nobody-${newUuid()}`, sha512('right password'));

      expect(wrongPassword.status).toBe(503);
      expect(wrongPassword.body).toEqual(AUTHENTICATION_FAILED);
      expect(unknownName.status).toBe(503);
      expect(unknownName.text).toBe(wrongPassword.text);
    });

    it('answers a Disabled account with a wrong password as any wrong password', async () => {
      const account = await sut.inventory.account({ state: 'Disabled' });

      const response = await logInAs(account.name, sha512('wrong password'));

      expect(response.status).toBe(503);
      expect(response.body).toEqual(AUTHENTICATION_FAILED);
    });

    it('does not accept the stored hash as the password', async () => {
      const account = await sut.inventory.account();
      const { passwordHash } = await sut.prisma.account.findUniqueOrThrow({
        where: { uuid: account.uuid },
      });

      const response = await logInAs(account.name, passwordHash!);

      expect(response.status).toBe(503);
      expect(response.body).toEqual(AUTHENTICATION_FAILED);
    });
  });

  describe('a malformed login body (503 SYS.1007)', () => {
    it('rejects a body without logInByAccount', async () => {
      const response = await logIn({ accountName: 'admin', password: sha512('password') });

      expect(response.status).toBe(503);
      expect(response.body).toEqual(
        invalid('logInByAccount should not be null or undefined; logInByAccount must be an object'),
      );
    });

    it('rejects an accountName that is not a string', async () => {
      const response = await logIn({
        logInByAccount: { accountName: 42, password: sha512('password') },
      });

      expect(response.status).toBe(503);
      expect(response.body).toEqual(
        invalid(
          'logInByAccount.accountName must be shorter than or equal to 255 characters; ' +
            'logInByAccount.accountName must be longer than or equal to 1 characters; ' +
            'logInByAccount.accountName must be a string',
        ),
      );
    });

    it('rejects logInByAccount that is not an object', async () => {
      const response = await logIn({ logInByAccount: 'admin' });

      expect(response.status).toBe(503);
      expect(response.body).toEqual(
        invalid(
          'logInByAccount must be an object; ' +
            'nested property logInByAccount must be either object or array',
        ),
      );
    });

    it('answers 400 SYS.1007 to a login body that is not JSON', async () => {
      const response = await request(sut.http)
        .put(LOGIN)
        .set('Content-Type', 'application/json')
        .send('{"logInByAccount": {');

      expect(response.status).toBe(400);
      expect(response.body).toEqual(invalid('the request body is not a JSON object'));
    });
  });

  describe('the session cap', () => {
    it(`drops the oldest session at login number ${MAX_SESSIONS_PER_ACCOUNT + 1}`, async () => {
      const account = await sut.inventory.account();
      const vm = await sut.inventory.vm({ owner: account.uuid });
      const sessions: string[] = [];

      for (let login = 0; login <= MAX_SESSIONS_PER_ACCOUNT; login += 1) {
        const response = await logInAs(account.name, account.passwordDigest);
        expect(response.status).toBe(200);
        sessions.push((response.body as { inventory: { uuid: string } }).inventory.uuid);
      }

      const oldest = await capabilitiesWith(sessions[0], vm);
      const newest = await capabilitiesWith(sessions[MAX_SESSIONS_PER_ACCOUNT], vm);

      expect(oldest.status).toBe(503);
      expect(oldest.body).toEqual(SESSION_EXPIRED);
      expect(newest.status).toBe(200);
      expect(newest.body).toEqual(NFS_RUNNING_CAPABILITIES);
      const left = await sut.prisma.session.findMany({
        where: { accountUuid: account.uuid },
        select: { uuid: true },
      });
      expect(left.map((row) => row.uuid).sort()).toEqual(sessions.slice(1).sort());
    });

    it("does not drop another account's sessions", async () => {
      const [busy, quiet] = [await sut.inventory.account(), await sut.inventory.account()];
      const quietSession = await sut.inventory.session(quiet.uuid);
      const vm = await sut.inventory.vm({ owner: quiet.uuid });

      for (let login = 0; login <= MAX_SESSIONS_PER_ACCOUNT; login += 1) {
        await logInAs(busy.name, busy.passwordDigest).expect(200);
      }
      const response = await capabilitiesWith(quietSession, vm);

      expect(response.status).toBe(200);
      expect(response.body).toEqual(NFS_RUNNING_CAPABILITIES);
    });
  });

  describe('stored passwords', () => {
    it('stores an argon2id hash of the digest, never the digest itself', async () => {
      const account = await sut.inventory.account({ password: 'stored password' });

      const row = await sut.prisma.account.findUniqueOrThrow({ where: { uuid: account.uuid } });

      expect(row.passwordHash).not.toBe(account.passwordDigest);
      expect(row.passwordHash).not.toContain(account.passwordDigest);
      expect(row.passwordHash?.startsWith('$argon2id$')).toBe(true);
    });
  });

  describe('log out and session validation', () => {
    it('answers GET /zstack/v1/accounts/sessions/{uuid}/valid with {"valid":true} for a live session', async () => {
      const account = await sut.inventory.account();
      const session = await sut.inventory.session(account.uuid);

      const response = await request(sut.http)
        .get(`${sessionPath(session)}/valid`)
        .set('Authorization', `OAuth ${session}`);

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ valid: true });
    });

    it('logs out with DELETE /zstack/v1/accounts/sessions/{uuid}: the session then answers ID.1001', async () => {
      const account = await sut.inventory.account();
      const session = await sut.inventory.session(account.uuid);
      const vm = await sut.inventory.vm({ owner: account.uuid });

      const logout = await request(sut.http)
        .delete(sessionPath(session))
        .set('Authorization', `OAuth ${session}`);
      const after = await capabilitiesWith(session, vm);

      expect(logout.status).toBe(200);
      expect(after.status).toBe(503);
      expect(after.body).toEqual(SESSION_EXPIRED);
    });
  });
});
