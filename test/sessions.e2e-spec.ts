import request from 'supertest';

import { newUuid } from './support/inventory.factory';
import { TestApp, startTestApp } from './support/test-app';
import { ACCOUNT_DISABLED, SESSION_EXPIRED, apiError } from './support/zstack-error';

const CAPS = '/zstack/v1/vm-instances/capabilities';
const oneVm = (uuid: string): string => `/zstack/v1/vm-instances/${uuid}/capabilities`;

const ADMIN_ACCOUNT_UUID = '36c27e8ff05c4780bf6d2fa65700f22e';
const SESSION_TIMEOUT_SECONDS = 7200;

const NO_HEADER = apiError(
  'ID.1001',
  'the Authorization header is missing; send "Authorization: OAuth <sessionUuid>"',
);
const NOT_OAUTH = apiError(
  'ID.1001',
  'the Authorization header must use the OAuth scheme, "OAuth <sessionUuid>", or an access key, "ZStack <accessKeyId>:<signature>"',
);

/** The flags of a Running VM on NFS, the factory's default VM. */
const NFS_RUNNING = {
  supportLiveMigration: true,
  supportVolumeMigration: false,
  supportReimage: true,
  supportMemorySnapshot: false,
};

describe('sessions (e2e)', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp({ SESSION_TIMEOUT_SECONDS: String(SESSION_TIMEOUT_SECONDS) });
  });

  afterAll(async () => {
    await sut.close();
  });

  const askAs = (authorization: string | undefined, vmUuids: string[]) => {
    const call = request(sut.http).post(CAPS);

    return (authorization === undefined ? call : call.set('Authorization', authorization)).send({
      params: { vmUuids },
    });
  };

  /** A Normal account with a live session. */
  const normalAccount = async () => {
    const account = await sut.inventory.account({ type: 'Normal' });
    const session = await sut.inventory.session(account.uuid);

    return { account, session };
  };

  describe('the Authorization header', () => {
    it('answers 400 ID.1001 without an Authorization header', async () => {
      const vm = await sut.inventory.vm();

      const response = await askAs(undefined, [vm]);

      expect(response.status).toBe(400);
      expect(response.body).toEqual(NO_HEADER);
    });

    it('answers 400 ID.1001 to a Bearer header', async () => {
      const vm = await sut.inventory.vm();

      const response = await askAs('Bearer x', [vm]);

      expect(response.status).toBe(400);
      expect(response.body).toEqual(NOT_OAUTH);
    });

    it('answers 400 ID.1001 to the scheme in lower case: OAuth is case-sensitive', async () => {
      const session = await sut.inventory.adminSession();
      const vm = await sut.inventory.vm();

      const response = await askAs(`oauth ${session}`, [vm]);

      expect(response.status).toBe(400);
      expect(response.body).toEqual(NOT_OAUTH);
    });

    it('answers 400 ID.1001 without an Authorization header on GET /{uuid}/capabilities', async () => {
      const vm = await sut.inventory.vm();

      const response = await request(sut.http).get(oneVm(vm));

      expect(response.status).toBe(400);
      expect(response.body).toEqual(NO_HEADER);
    });

    it('answers 503 ID.1001 Session expired to an OAuth header with a malformed uuid', async () => {
      const vm = await sut.inventory.vm();

      const response = await askAs('OAuth not-a-session-uuid', [vm]);

      expect(response.status).toBe(503);
      expect(response.body).toEqual(SESSION_EXPIRED);
      expect(response.text).not.toContain('not-a-session-uuid');
    });

    it('answers 503 ID.1001 Session expired to an unknown session uuid', async () => {
      const vm = await sut.inventory.vm();

      const response = await askAs(`OAuth ${newUuid()}`, [vm]);

      expect(response.status).toBe(503);
      expect(response.body).toEqual(SESSION_EXPIRED);
    });

    it('trims the spaces around the session uuid', async () => {
      const session = await sut.inventory.adminSession();
      const vm = await sut.inventory.vm();

      const response = await askAs(`OAuth    ${session}   `, [vm]);

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ vmsCaps: { [vm]: NFS_RUNNING } });
    });

    it('authenticates before validating: a malformed request without a session gets ID.1001', async () => {
      const response = await request(sut.http)
        .post(CAPS)
        .set('Authorization', `OAuth ${newUuid()}`)
        .send({ params: { vmUuids: 42 } });

      expect(response.status).toBe(503);
      expect(response.body).toEqual(SESSION_EXPIRED);
    });
  });

  describe('expiry', () => {
    it('answers ID.1001 Session expired to an expired session and deletes its row', async () => {
      const { uuid: accountUuid } = await sut.inventory.account();
      const session = await sut.inventory.session(accountUuid, new Date(Date.now() - 1000));
      const vm = await sut.inventory.vm({ owner: accountUuid });

      const response = await askAs(`OAuth ${session}`, [vm]);

      expect(response.status).toBe(503);
      expect(response.body).toEqual(SESSION_EXPIRED);
      await expect(sut.prisma.session.findUnique({ where: { uuid: session } })).resolves.toBeNull();
    });

    it('slides a valid session: its expiry moves to now + the session timeout', async () => {
      const { account, session } = await normalAccount();
      const vm = await sut.inventory.vm({ owner: account.uuid });

      const before = Date.now();
      const response = await askAs(`OAuth ${session}`, [vm]);
      const after = Date.now();

      expect(response.status).toBe(200);
      const row = await sut.prisma.session.findUniqueOrThrow({ where: { uuid: session } });
      expect(row.expiredDate.getTime()).toBeGreaterThanOrEqual(
        before + SESSION_TIMEOUT_SECONDS * 1000,
      );
      expect(row.expiredDate.getTime()).toBeLessThanOrEqual(after + SESSION_TIMEOUT_SECONDS * 1000);
    });

    it('does not rewrite an expiry written less than a minute ago', async () => {
      const account = await sut.inventory.account();
      const justWritten = new Date(Date.now() + SESSION_TIMEOUT_SECONDS * 1000 - 5000);
      const session = await sut.inventory.session(account.uuid, justWritten);
      const vm = await sut.inventory.vm({ owner: account.uuid });

      const response = await askAs(`OAuth ${session}`, [vm]);

      expect(response.status).toBe(200);
      const row = await sut.prisma.session.findUniqueOrThrow({ where: { uuid: session } });
      expect(row.expiredDate.toISOString()).toBe(justWritten.toISOString());
    });

    it('writes the expiry once across several calls in the same minute', async () => {
      const { account, session } = await normalAccount();
      const vm = await sut.inventory.vm({ owner: account.uuid });

      await askAs(`OAuth ${session}`, [vm]).expect(200);
      const first = await sut.prisma.session.findUniqueOrThrow({ where: { uuid: session } });
      await askAs(`OAuth ${session}`, [vm]).expect(200);
      await askAs(`OAuth ${session}`, [vm]).expect(200);
      const last = await sut.prisma.session.findUniqueOrThrow({ where: { uuid: session } });

      expect(last.expiredDate.toISOString()).toBe(first.expiredDate.toISOString());
    });
  });

  describe('disabled accounts', () => {
    it("answers SYS.1006 to a Disabled account's session", async () => {
      const account = await sut.inventory.account({ state: 'Disabled' });
      const session = await sut.inventory.session(account.uuid);
      const vm = await sut.inventory.vm({ owner: account.uuid });

      const response = await askAs(`OAuth ${session}`, [vm]);

      expect(response.status).toBe(503);
      expect(response.body).toEqual(ACCOUNT_DISABLED);
    });

    it("answers SYS.1006 to a Disabled SystemAdmin account's session", async () => {
      const account = await sut.inventory.account({ type: 'SystemAdmin', state: 'Disabled' });
      const session = await sut.inventory.session(account.uuid);
      const vm = await sut.inventory.vm();

      const response = await request(sut.http)
        .get(oneVm(vm))
        .set('Authorization', `OAuth ${session}`);

      expect(response.status).toBe(503);
      expect(response.body).toEqual(ACCOUNT_DISABLED);
    });
  });

  describe('who sees what', () => {
    it('lets a Normal account see a VM it owns and one shared with it', async () => {
      const { account, session } = await normalAccount();
      const other = await sut.inventory.account();
      const owned = await sut.inventory.vm({ owner: account.uuid });
      const shared = await sut.inventory.vm({ owner: other.uuid, sharedWith: [account.uuid] });

      const response = await askAs(`OAuth ${session}`, [owned, shared]);

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ vmsCaps: { [owned]: NFS_RUNNING, [shared]: NFS_RUNNING } });
    });

    it("answers another account's VM byte for byte as an unknown uuid", async () => {
      const { session } = await normalAccount();
      const other = await sut.inventory.account();
      const foreign = await sut.inventory.vm({ owner: other.uuid });
      const unknown = newUuid();

      const seen = await askAs(`OAuth ${session}`, [foreign]);
      const absent = await askAs(`OAuth ${session}`, [unknown]);

      expect(seen.status).toBe(503);
      expect(absent.status).toBe(503);
      expect(seen.body).toEqual(apiError('SYS.1003', `cannot find the VM instance(s): ${foreign}`));
      expect(seen.text.replaceAll(foreign, '<uuid>')).toBe(
        absent.text.replaceAll(unknown, '<uuid>'),
      );
    });

    it("answers another account's VM as an unknown uuid when mixed with the account's own VMs", async () => {
      const { account, session } = await normalAccount();
      const other = await sut.inventory.account();
      const owned = await sut.inventory.vm({ owner: account.uuid });
      const shared = await sut.inventory.vm({ owner: other.uuid, sharedWith: [account.uuid] });
      const foreign = await sut.inventory.vm({ owner: other.uuid });
      const unknown = newUuid();

      const seen = await askAs(`OAuth ${session}`, [owned, foreign, shared]);
      const absent = await askAs(`OAuth ${session}`, [owned, unknown, shared]);

      expect(seen.status).toBe(503);
      expect(absent.status).toBe(503);
      expect(seen.body).toEqual(apiError('SYS.1003', `cannot find the VM instance(s): ${foreign}`));
      expect(seen.text.replaceAll(foreign, '<uuid>')).toBe(
        absent.text.replaceAll(unknown, '<uuid>'),
      );
    });

    it("answers GET /{uuid}/capabilities of another account's VM as an unknown uuid", async () => {
      const { session } = await normalAccount();
      const other = await sut.inventory.account();
      const foreign = await sut.inventory.vm({ owner: other.uuid });
      const unknown = newUuid();

      const seen = await request(sut.http)
        .get(oneVm(foreign))
        .set('Authorization', `OAuth ${session}`);
      const absent = await request(sut.http)
        .get(oneVm(unknown))
        .set('Authorization', `OAuth ${session}`);

      expect(seen.status).toBe(503);
      expect(absent.status).toBe(503);
      expect(seen.text.replaceAll(foreign, '<uuid>')).toBe(
        absent.text.replaceAll(unknown, '<uuid>'),
      );
    });

    it('answers a VM shared with a third account, not this one, as an unknown uuid', async () => {
      const { session } = await normalAccount();
      const [owner, third] = [await sut.inventory.account(), await sut.inventory.account()];
      const foreign = await sut.inventory.vm({ owner: owner.uuid, sharedWith: [third.uuid] });
      const unknown = newUuid();

      const seen = await askAs(`OAuth ${session}`, [foreign]);
      const absent = await askAs(`OAuth ${session}`, [unknown]);

      expect(seen.status).toBe(503);
      expect(seen.text.replaceAll(foreign, '<uuid>')).toBe(
        absent.text.replaceAll(unknown, '<uuid>'),
      );
    });

    it('lets a SystemAdmin account see every VM', async () => {
      const session = await sut.inventory.adminSession();
      const [one, two] = [await sut.inventory.account(), await sut.inventory.account()];
      const ownedByOne = await sut.inventory.vm({ owner: one.uuid });
      const ownedByTwo = await sut.inventory.vm({ owner: two.uuid, sharedWith: [one.uuid] });
      const ownedByNobody = await sut.inventory.vm();

      const response = await askAs(`OAuth ${session}`, [ownedByOne, ownedByTwo, ownedByNobody]);

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        vmsCaps: {
          [ownedByOne]: NFS_RUNNING,
          [ownedByTwo]: NFS_RUNNING,
          [ownedByNobody]: NFS_RUNNING,
        },
      });
    });

    it(`lets the admin account ${ADMIN_ACCOUNT_UUID} see every VM`, async () => {
      await sut.inventory.account({ uuid: ADMIN_ACCOUNT_UUID, name: 'admin', type: 'SystemAdmin' });
      const session = await sut.inventory.session(ADMIN_ACCOUNT_UUID);
      const other = await sut.inventory.account();
      const foreign = await sut.inventory.vm({ owner: other.uuid });
      const ownedByNobody = await sut.inventory.vm();

      const response = await askAs(`OAuth ${session}`, [foreign, ownedByNobody]);

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        vmsCaps: { [foreign]: NFS_RUNNING, [ownedByNobody]: NFS_RUNNING },
      });
    });
  });
});
