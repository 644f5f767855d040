import { DateTime } from 'luxon';
import { createHmac, randomBytes } from 'node:crypto';
import request from 'supertest';

import {
  AccessKeyService,
  AccessKeysDisabledError,
  CreatedAccessKey,
} from '../src/auth/access-keys/access-key.service';

import { newUuid } from './support/inventory.factory';
import { TestApp, startTestApp } from './support/test-app';
import { ACCOUNT_DISABLED, apiError } from './support/zstack-error';

const CAPS = '/zstack/v1/vm-instances/capabilities';
const oneVm = (uuid: string): string => `/zstack/v1/vm-instances/${uuid}/capabilities`;

const ENCRYPTION_KEY = randomBytes(32).toString('base64');
const MINUTE = 60_000;

/** The flags of a Running VM on NFS, the factory's default VM. */
const NFS_RUNNING = {
  supportLiveMigration: true,
  supportVolumeMigration: false,
  supportReimage: true,
  supportMemorySnapshot: false,
};

const refused = (details: string) => apiError('ID.1001', details);
const SIGNATURE_MISMATCH = refused('the signature does not match');
const CLOCK_SKEW = refused("the Date header is more than 15 minutes from the server's clock");

/** A Date header as ZStack's SDKs write it: the wall time in `zone`, then the zone's id. */
const dateHeader = (zone = 'UTC', id = zone, at = Date.now()): string =>
  `${DateTime.fromMillis(at, { zone }).toFormat('EEE, dd MMM yyyy HH:mm:ss', { locale: 'en-US' })} ${id}`;

/**
 * ZStack's signature, computed here from the scheme itself: Base64 of HMAC-SHA1,
 * keyed with the secret, over the method, the Date and the path after /zstack.
 */
const signatureOf = (secret: string, method: string, date: string, url: string): string => {
  const path = url.split('?')[0];
  const signed = `${method}\n${date}\n/v1${path.slice('/zstack/v1'.length)}`;

  return createHmac('sha1', secret).update(signed).digest('base64');
};

describe('access keys (e2e)', () => {
  let sut: TestApp;
  let accessKeys: AccessKeyService;

  beforeAll(async () => {
    sut = await startTestApp({ ACCESS_KEY_ENCRYPTION_KEY: ENCRYPTION_KEY });
    accessKeys = sut.app.get(AccessKeyService);
  });

  afterAll(async () => {
    await sut.close();
  });

  interface Signing {
    /** What is signed, when it differs from what is sent. */
    signedMethod?: string;
    signedUrl?: string;
    date?: string | null;
    secret?: string;
  }

  /** Sends a request signed with `key`; `signing` alters what is signed or sent. */
  const signedCall = (
    key: CreatedAccessKey,
    method: 'GET' | 'POST',
    url: string,
    signing: Signing = {},
  ) => {
    const date = signing.date === undefined ? dateHeader() : signing.date;
    const signature = signatureOf(
      signing.secret ?? key.accessKeySecret,
      signing.signedMethod ?? method,
      date ?? '',
      signing.signedUrl ?? url,
    );
    const call = (method === 'GET' ? request(sut.http).get(url) : request(sut.http).post(url)).set(
      'Authorization',
      `ZStack ${key.accessKeyId}:${signature}`,
    );

    return date === null ? call : call.set('Date', date);
  };

  const askFor = (key: CreatedAccessKey, vmUuids: string[], signing: Signing = {}) =>
    signedCall(key, 'POST', CAPS, signing).send({ params: { vmUuids } });

  /** A Normal account with a VM of its own and an access key. */
  const tenant = async () => {
    const account = await sut.inventory.account();
    const vm = await sut.inventory.vm({ owner: account.uuid });
    const key = await accessKeys.create(account.uuid);

    return { account, vm, key };
  };

  describe('a signed request', () => {
    it('answers a signed POST as a session of the account would', async () => {
      const { vm, key } = await tenant();

      const response = await askFor(key, [vm]);

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ vmsCaps: { [vm]: NFS_RUNNING } });
    });

    it('answers a signed GET with a path variable, signing the path without its query string', async () => {
      const { vm, key } = await tenant();

      const response = await signedCall(key, 'GET', `${oneVm(vm)}?x=1&y=two`);

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        capabilities: {
          LiveMigration: true,
          VolumeMigration: false,
          Reimage: true,
          MemorySnapshot: false,
        },
      });
    });

    it('answers the GET form of GetVmsCapabilities, whose uuids are in the query string', async () => {
      const { account, vm, key } = await tenant();
      const another = await sut.inventory.vm({ owner: account.uuid });

      const response = await signedCall(key, 'GET', `${CAPS}?vmUuids=${vm}&vmUuids=${another}`);

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ vmsCaps: { [vm]: NFS_RUNNING, [another]: NFS_RUNNING } });
    });

    it("checks the key and its account in one statement, as many as a session's call makes", async () => {
      const { account, vm, key } = await tenant();
      const session = await sut.inventory.session(account.uuid);
      const statementsOf = async (call: () => request.Test): Promise<number> => {
        const query = jest.spyOn(sut.prisma.pool, 'query');

        try {
          expect((await call()).status).toBe(200);

          return query.mock.calls.length;
        } finally {
          query.mockRestore();
        }
      };
      const withSession = () =>
        request(sut.http)
          .post(CAPS)
          .set('Authorization', `OAuth ${session}`)
          .send({ params: { vmUuids: [vm] } });

      // The session's once-a-minute renewal is aside: its first call renews it.
      await statementsOf(withSession);
      const forSession = await statementsOf(withSession);
      const forKey = await statementsOf(() => askFor(key, [vm]));

      // A renewed session is checked in one statement: so is the key, with its account.
      expect(forKey).toBe(forSession);
    });

    it('lets a key of a SystemAdmin account see every VM', async () => {
      const admin = await sut.inventory.account({ type: 'SystemAdmin' });
      const other = await sut.inventory.account();
      const foreign = await sut.inventory.vm({ owner: other.uuid });
      const ownedByNobody = await sut.inventory.vm();
      const key = await accessKeys.create(admin.uuid);

      const response = await askFor(key, [foreign, ownedByNobody]);

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        vmsCaps: { [foreign]: NFS_RUNNING, [ownedByNobody]: NFS_RUNNING },
      });
    });
  });

  describe('the Date header', () => {
    it.each([
      ['UTC', 'UTC', 'UTC'],
      ['GMT', 'UTC', 'GMT'],
      ['Asia/Shanghai', 'Asia/Shanghai', 'Asia/Shanghai'],
      ['an offset', 'UTC+8', '+08:00'],
      ['a negative offset', 'UTC-5:30', '-05:30'],
      ['a zone with daylight saving', 'America/New_York', 'America/New_York'],
    ])('takes a Date in %s', async (_form, zone, id) => {
      const { vm, key } = await tenant();

      const response = await askFor(key, [vm], { date: dateHeader(zone, id) });

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ vmsCaps: { [vm]: NFS_RUNNING } });
    });

    it('reads the wall time in the zone it names: Shanghai time labelled UTC is 8 hours off', async () => {
      const { vm, key } = await tenant();

      const response = await askFor(key, [vm], { date: dateHeader('Asia/Shanghai', 'UTC') });

      expect(response.status).toBe(503);
      expect(response.body).toEqual(CLOCK_SKEW);
    });

    it('takes a Date 14 minutes behind or ahead of the server', async () => {
      const { vm, key } = await tenant();

      const behind = await askFor(key, [vm], {
        date: dateHeader('UTC', 'UTC', Date.now() - 14 * MINUTE),
      });
      const ahead = await askFor(key, [vm], {
        date: dateHeader('UTC', 'UTC', Date.now() + 14 * MINUTE),
      });

      expect(behind.status).toBe(200);
      expect(ahead.status).toBe(200);
    });

    it.each([
      ['16 minutes old', -16 * MINUTE],
      ['16 minutes ahead', 16 * MINUTE],
    ])('answers 503 ID.1001 to a Date %s', async (_case, shift) => {
      const { vm, key } = await tenant();

      const response = await askFor(key, [vm], {
        date: dateHeader('Asia/Shanghai', 'Asia/Shanghai', Date.now() + shift),
      });

      expect(response.status).toBe(503);
      expect(response.body).toEqual(CLOCK_SKEW);
    });

    it('answers 503 ID.1001 without a Date header', async () => {
      const { vm, key } = await tenant();

      const response = await askFor(key, [vm], { date: null });

      expect(response.status).toBe(503);
      expect(response.body).toEqual(
        refused(
          'the Date header is missing; a signed request sends and signs it, as "Thu, 03 Dec 2026 19:20:00 Asia/Shanghai"',
        ),
      );
    });

    it.each([
      ['with a word after the zone', 'Thu, 03 Dec 2026 19:20:00 UTC extra'],
      ['in ISO 8601', new Date().toISOString()],
      ['in an unknown zone', dateHeader('UTC', 'Mars/Olympus')],
    ])('answers 503 ID.1001 to a Date %s', async (_case, date) => {
      const { vm, key } = await tenant();

      const response = await askFor(key, [vm], { date });

      expect(response.status).toBe(503);
      expect(response.body).toEqual(
        refused(
          'the Date header must be "EEE, dd MMM yyyy HH:mm:ss" and a zone id, as "Thu, 03 Dec 2026 19:20:00 Asia/Shanghai"',
        ),
      );
    });
  });

  describe('the signature', () => {
    it('answers 503 ID.1001 to a signature made with another secret', async () => {
      const { vm, key } = await tenant();

      const response = await askFor(key, [vm], { secret: 'not the secret' });

      expect(response.status).toBe(503);
      expect(response.body).toEqual(SIGNATURE_MISMATCH);
    });

    it("answers 503 ID.1001 to a signature that is not Base64 of a digest's length", async () => {
      const { vm, key } = await tenant();

      const response = await request(sut.http)
        .post(CAPS)
        .set('Authorization', `ZStack ${key.accessKeyId}:short`)
        .set('Date', dateHeader())
        .send({ params: { vmUuids: [vm] } });

      expect(response.status).toBe(503);
      expect(response.body).toEqual(SIGNATURE_MISMATCH);
    });

    it('answers 503 ID.1001 when the path differs from the signed one', async () => {
      const { account, vm, key } = await tenant();
      const another = await sut.inventory.vm({ owner: account.uuid });

      const response = await signedCall(key, 'GET', oneVm(another), { signedUrl: oneVm(vm) });

      expect(response.status).toBe(503);
      expect(response.body).toEqual(SIGNATURE_MISMATCH);
    });

    it('answers 503 ID.1001 when the method differs from the signed one', async () => {
      const { vm, key } = await tenant();

      const response = await askFor(key, [vm], { signedMethod: 'GET' });

      expect(response.status).toBe(503);
      expect(response.body).toEqual(SIGNATURE_MISMATCH);
    });

    it('answers 503 ID.1001 when the Date differs from the signed one', async () => {
      const { vm, key } = await tenant();
      const signedDate = dateHeader('UTC', 'UTC', Date.now() - MINUTE);
      const signature = signatureOf(key.accessKeySecret, 'POST', signedDate, CAPS);

      const response = await request(sut.http)
        .post(CAPS)
        .set('Authorization', `ZStack ${key.accessKeyId}:${signature}`)
        .set('Date', dateHeader())
        .send({ params: { vmUuids: [vm] } });

      expect(response.status).toBe(503);
      expect(response.body).toEqual(SIGNATURE_MISMATCH);
    });

    it.each([
      ['no colon', (id: string) => `ZStack ${id}`],
      ['no signature', (id: string) => `ZStack ${id}:`],
      ['a space in the credentials', (id: string) => `ZStack ${id}: abc`],
    ])('answers 503 ID.1001 to a ZStack header with %s', async (_case, header) => {
      const { vm, key } = await tenant();

      const response = await request(sut.http)
        .post(CAPS)
        .set('Authorization', header(key.accessKeyId))
        .set('Date', dateHeader())
        .send({ params: { vmUuids: [vm] } });

      expect(response.status).toBe(503);
      expect(response.body).toEqual(
        refused('the Authorization header must be "ZStack <accessKeyId>:<signature>"'),
      );
    });

    it('authenticates before validating: a malformed body with a bad signature gets ID.1001', async () => {
      const { key } = await tenant();

      const response = await signedCall(key, 'POST', CAPS, { secret: 'wrong' }).send({
        params: { vmUuids: 42 },
      });

      expect(response.status).toBe(503);
      expect(response.body).toEqual(SIGNATURE_MISMATCH);
    });
  });

  describe('the key and its account', () => {
    it('answers 503 ID.1001 to an unknown access key id', async () => {
      const { vm, key } = await tenant();

      const response = await askFor({ ...key, accessKeyId: 'NoSuchKeyId000000000' }, [vm]);

      expect(response.status).toBe(503);
      expect(response.body).toEqual(refused('the access key id is unknown'));
    });

    it('refuses a disabled key, and takes it again once enabled', async () => {
      const { vm, key } = await tenant();

      await accessKeys.setState(key.accessKeyId, 'Disabled');
      const disabled = await askFor(key, [vm]);
      await accessKeys.setState(key.accessKeyId, 'Enabled');
      const enabled = await askFor(key, [vm]);

      expect(disabled.status).toBe(503);
      expect(disabled.body).toEqual(refused('the access key is disabled'));
      expect(enabled.status).toBe(200);
    });

    it('refuses a deleted key as an unknown one', async () => {
      const { vm, key } = await tenant();

      await accessKeys.delete(key.accessKeyId);
      const response = await askFor(key, [vm]);

      expect(response.status).toBe(503);
      expect(response.body).toEqual(refused('the access key id is unknown'));
    });

    it("answers SYS.1006 to a key of a Disabled account, as to the account's sessions", async () => {
      const { account, vm, key } = await tenant();

      await sut.prisma.account.update({
        where: { uuid: account.uuid },
        data: { state: 'Disabled' },
      });
      const response = await askFor(key, [vm]);

      expect(response.status).toBe(503);
      expect(response.body).toEqual(ACCOUNT_DISABLED);
    });

    it('deletes the keys of a deleted account', async () => {
      const { account, key } = await tenant();

      await sut.prisma.account.delete({ where: { uuid: account.uuid } });

      expect(await sut.prisma.accessKey.count({ where: { accessKeyId: key.accessKeyId } })).toBe(0);
    });

    it('answers 503 ID.1001 to a key whose stored secret no longer decrypts', async () => {
      const { vm, key } = await tenant();
      const other = randomBytes(60).toString('base64');

      await sut.prisma.accessKey.update({
        where: { accessKeyId: key.accessKeyId },
        data: { secretEncrypted: other },
      });
      const response = await askFor(key, [vm]);

      expect(response.status).toBe(503);
      expect(response.body).toEqual(
        refused('the access key cannot be used; ask the operator for a new one'),
      );
    });

    it('stores the secret encrypted, never in the clear', async () => {
      const { key } = await tenant();

      const row = await sut.prisma.accessKey.findUniqueOrThrow({
        where: { accessKeyId: key.accessKeyId },
      });
      const stored = Buffer.from(row.secretEncrypted, 'base64');

      expect(key.accessKeyId).toMatch(/^[A-Za-z0-9]{20}$/);
      expect(key.accessKeySecret).toMatch(/^[A-Za-z0-9]{40}$/);
      expect(row.state).toBe('Enabled');
      expect(row.secretEncrypted).not.toContain(key.accessKeySecret);
      expect(stored.includes(Buffer.from(key.accessKeySecret))).toBe(false);
      // A 12-byte IV and a 16-byte tag before the ciphertext.
      expect(stored.length).toBe(12 + 16 + key.accessKeySecret.length);
    });

    it('lists keys by account, without their secrets', async () => {
      const { account, key } = await tenant();
      const second = await accessKeys.create(account.uuid);

      const listed = await accessKeys.list(account.uuid);

      expect(listed.map((listedKey) => listedKey.accessKeyId)).toEqual(
        expect.arrayContaining([key.accessKeyId, second.accessKeyId]),
      );
      expect(listed).toHaveLength(2);
      expect(JSON.stringify(listed)).not.toContain(key.accessKeySecret);
      expect(listed[0]).toMatchObject({ accountUuid: account.uuid, accountName: account.name });
    });
  });

  describe('who sees what', () => {
    it("sees the account's own VMs and one shared with it", async () => {
      const { account, vm, key } = await tenant();
      const other = await sut.inventory.account();
      const shared = await sut.inventory.vm({ owner: other.uuid, sharedWith: [account.uuid] });

      const response = await askFor(key, [vm, shared]);

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ vmsCaps: { [vm]: NFS_RUNNING, [shared]: NFS_RUNNING } });
    });

    it("answers another tenant's VM byte for byte as an unknown uuid", async () => {
      const { key } = await tenant();
      const other = await tenant();
      const unknown = newUuid();

      const seen = await askFor(key, [other.vm]);
      const absent = await askFor(key, [unknown]);

      expect(seen.status).toBe(503);
      expect(seen.body).toEqual(
        apiError('SYS.1003', `cannot find the VM instance(s): ${other.vm}`),
      );
      expect(seen.text.replaceAll(other.vm, '<uuid>')).toBe(
        absent.text.replaceAll(unknown, '<uuid>'),
      );
    });

    it("answers GET /{uuid}/capabilities of another tenant's VM as an unknown uuid", async () => {
      const { key } = await tenant();
      const other = await tenant();
      const unknown = newUuid();

      const seen = await signedCall(key, 'GET', oneVm(other.vm));
      const absent = await signedCall(key, 'GET', oneVm(unknown));

      expect(seen.status).toBe(503);
      expect(seen.body.error.code).toBe('SYS.1003');
      expect(seen.text.replaceAll(other.vm, '<uuid>')).toBe(
        absent.text.replaceAll(unknown, '<uuid>'),
      );
    });
  });
});

describe('access keys without ACCESS_KEY_ENCRYPTION_KEY (e2e)', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp();
  });

  afterAll(async () => {
    await sut.close();
  });

  it('starts, and answers a signed request 503 ID.1001 saying access keys are not enabled', async () => {
    const vm = await sut.inventory.vm();

    const response = await request(sut.http)
      .post(CAPS)
      .set('Authorization', 'ZStack AnyKeyId000000000000:c2lnbmF0dXJl')
      .set('Date', dateHeader())
      .send({ params: { vmUuids: [vm] } });

    expect(response.status).toBe(503);
    expect(response.body).toEqual(
      refused(
        'access keys are not enabled on this service (ACCESS_KEY_ENCRYPTION_KEY is unset); log in for a session instead',
      ),
    );
  });

  it('refuses to create an access key', async () => {
    const account = await sut.inventory.account();

    await expect(sut.app.get(AccessKeyService).create(account.uuid)).rejects.toThrow(
      AccessKeysDisabledError,
    );
    expect(await sut.prisma.accessKey.count()).toBe(0);
  });

  it('still serves sessions', async () => {
    const session = await sut.inventory.adminSession();
    const vm = await sut.inventory.vm();

    const response = await request(sut.http)
      .post(CAPS)
      .set('Authorization', `OAuth ${session}`)
      .send({ params: { vmUuids: [vm] } });

    expect(response.status).toBe(200);
  });
});
