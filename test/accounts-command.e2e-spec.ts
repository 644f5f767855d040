import { createHmac, randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import request from 'supertest';

import { AccessKeyService } from '../src/auth/access-keys/access-key.service';
import { AccountAdmin } from '../src/auth/account-admin';
import { PasswordHasher } from '../src/auth/password-hasher';
import { UsageError, runAccountsCommand } from '../src/cli/accounts-command';

import { sha512 } from './support/inventory.factory';
import { TestApp, startTestApp } from './support/test-app';
import { ACCOUNT_DISABLED, SESSION_EXPIRED } from './support/zstack-error';

describe("the operator's accounts command (e2e)", () => {
  let sut: TestApp;
  let admin: AccountAdmin;

  /** Runs the command with `input` on a standard input that is not a terminal. */
  const run = async (args: string[], input = ''): Promise<string> => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    let printed = '';
    stdout.on('data', (chunk) => (printed += String(chunk)));
    stdin.end(input);

    await runAccountsCommand(
      args,
      admin,
      { input: stdin, output: stdout },
      sut.app.get(AccessKeyService),
    );

    return printed;
  };

  const logIn = (accountName: string, password: string) =>
    request(sut.http)
      .put('/zstack/v1/accounts/login')
      .send({ logInByAccount: { accountName, password: sha512(password) } });

  beforeAll(async () => {
    sut = await startTestApp({ ACCESS_KEY_ENCRYPTION_KEY: randomBytes(32).toString('hex') });
    admin = new AccountAdmin(sut.prisma, sut.app.get(PasswordHasher));
  });

  afterAll(async () => {
    await sut.close();
  });

  it('creates an account that can log in with the password from standard input', async () => {
    const printed = await run(['create', 'tenant-a'], 'first secret\n');

    expect(printed).toMatch(/^created Normal account tenant-a \([0-9a-f]{32}\)\n$/);
    expect((await logIn('tenant-a', 'first secret')).status).toBe(200);
  });

  it('creates an admin account with --admin', async () => {
    await run(['create', 'operator', '--admin'], 'operator secret\n');

    const account = await sut.prisma.account.findUniqueOrThrow({ where: { name: 'operator' } });
    expect(account.type).toBe('SystemAdmin');
  });

  it("resets a password and ends the account's sessions", async () => {
    await run(['create', 'tenant-b'], 'old secret\n');
    const session = (await logIn('tenant-b', 'old secret')).body.inventory.uuid as string;

    await run(['reset-password', 'tenant-b'], 'new secret\n');

    expect((await logIn('tenant-b', 'old secret')).status).toBe(503);
    expect((await logIn('tenant-b', 'new secret')).status).toBe(200);
    expect(await sut.prisma.session.findUnique({ where: { uuid: session } })).toBeNull();
  });

  it('disables an account, whose sessions then answer SYS.1006, and enabling it ends them for good', async () => {
    await run(['create', 'tenant-c'], 'secret\n');
    const session = (await logIn('tenant-c', 'secret')).body.inventory.uuid as string;
    const ask = () =>
      request(sut.http)
        .get('/zstack/v1/vm-instances/capabilities?vmUuids=0123456789abcdef0123456789abcdef')
        .set('Authorization', `OAuth ${session}`);

    await run(['disable', 'tenant-c']);
    const disabledLogin = await logIn('tenant-c', 'secret');
    const disabledSession = await ask();
    await run(['enable', 'tenant-c']);
    const enabledLogin = await logIn('tenant-c', 'secret');
    const oldSession = await ask();

    expect(disabledLogin.status).toBe(503);
    expect(disabledLogin.body).toEqual(ACCOUNT_DISABLED);
    expect(disabledSession.status).toBe(503);
    expect(disabledSession.body).toEqual(ACCOUNT_DISABLED);
    expect(enabledLogin.status).toBe(200);
    expect(oldSession.body).toEqual(SESSION_EXPIRED);
    expect(await sut.prisma.session.findUnique({ where: { uuid: session } })).toBeNull();
  });

  it('lists accounts with uuid, type and state', async () => {
    await run(['create', 'tenant-d'], 'secret\n');

    const printed = await run(['list']);

    expect(printed).toMatch(/^tenant-d\t[0-9a-f]{32}\tNormal\tEnabled$/m);
  });

  it.each([
    [['create', 'x', '--password', 'secret']],
    [['create']],
    [['drop', 'x']],
    [['list', 'extra']],
  ])('refuses the command line %j', async (args) => {
    await expect(run(args, 'secret\n')).rejects.toThrow(UsageError);
  });

  it('says why it refuses a password on the command line', async () => {
    await expect(run(['create', 'tenant-f', 'secret'])).rejects.toThrow(
      'passwords are never taken from the command line',
    );
    await expect(run(['create', 'tenant-f', '--password', 'secret'])).rejects.toThrow(
      'passwords are never taken from the command line',
    );
  });

  it('refuses an empty account name', async () => {
    await expect(run(['create', ' '], 'secret\n')).rejects.toThrow('must not be empty');
  });

  it('refuses an empty password', async () => {
    await expect(run(['create', 'tenant-e'], '\n')).rejects.toThrow('must not be empty');
    expect(await sut.prisma.account.count({ where: { name: 'tenant-e' } })).toBe(0);
  });

  describe('access-keys', () => {
    /** A request signed as ZStack's SDKs sign it, with a Date in UTC. */
    const signedCall = (accessKeyId: string, secret: string) => {
      const now = new Date();
      const date = `${now.toUTCString().replace(/ GMT$/, '')} UTC`;
      const signature = createHmac('sha1', secret)
        .update(`GET\n${date}\n/v1/vm-instances/capabilities`)
        .digest('base64');

      return request(sut.http)
        .get('/zstack/v1/vm-instances/capabilities?vmUuids=0123456789abcdef0123456789abcdef')
        .set('Authorization', `ZStack ${accessKeyId}:${signature}`)
        .set('Date', date);
    };

    /** Creates a key with the command; answers what it printed, parsed. */
    const createKey = async (account: string) => {
      const printed = await run(['access-keys', 'create', account]);
      const [, accessKeyId] = /^AccessKeyId: (\S+)$/m.exec(printed) ?? [];
      const [, secret] = /^AccessKeySecret: (\S+)$/m.exec(printed) ?? [];

      return { printed, accessKeyId, secret };
    };

    it('creates a key and prints its id and secret once; the key signs requests', async () => {
      await run(['create', 'keyed-a'], 'secret\n');

      const { printed, accessKeyId, secret } = await createKey('keyed-a');

      expect(printed).toMatch(
        /^created access key [A-Za-z0-9]{20} of keyed-a; the secret is shown this once\nAccessKeyId: [A-Za-z0-9]{20}\nAccessKeySecret: [A-Za-z0-9]{40}\n$/,
      );
      // The signed call reaches the service's own check of the uuid: SYS.1003, not ID.1001.
      const response = await signedCall(accessKeyId, secret);
      expect(response.status).toBe(503);
      expect(response.body.error.code).toBe('SYS.1003');
      expect(await run(['access-keys', 'list', 'keyed-a'])).not.toContain(secret);
    });

    it("lists every key, or one account's, with id, account, state and creation date", async () => {
      await run(['create', 'keyed-b'], 'secret\n');
      await run(['create', 'keyed-c'], 'secret\n');
      const b = await createKey('keyed-b');
      const c = await createKey('keyed-c');

      const all = await run(['access-keys', 'list']);
      const ofB = await run(['access-keys', 'list', 'keyed-b']);

      expect(all).toMatch(
        new RegExp(`^${b.accessKeyId}\tkeyed-b\tEnabled\t\\d{4}-\\d\\d-\\d\\dT`, 'm'),
      );
      expect(all).toContain(`${c.accessKeyId}\tkeyed-c\tEnabled\t`);
      expect(ofB.trim().split('\n')).toEqual([
        expect.stringMatching(`^${b.accessKeyId}\tkeyed-b\t`),
      ]);
    });

    it('disables, enables and deletes a key', async () => {
      await run(['create', 'keyed-d'], 'secret\n');
      const { accessKeyId, secret } = await createKey('keyed-d');

      expect(await run(['access-keys', 'disable', accessKeyId])).toBe(
        `access key ${accessKeyId} disabled\n`,
      );
      const disabled = await signedCall(accessKeyId, secret);
      await run(['access-keys', 'enable', accessKeyId]);
      const enabled = await signedCall(accessKeyId, secret);
      expect(await run(['access-keys', 'delete', accessKeyId])).toBe(
        `access key ${accessKeyId} deleted\n`,
      );
      const deleted = await signedCall(accessKeyId, secret);

      expect(disabled.body.error.details).toBe('the access key is disabled');
      expect(enabled.body.error.code).toBe('SYS.1003');
      expect(deleted.body.error.details).toBe('the access key id is unknown');
      expect(await run(['access-keys', 'list', 'keyed-d'])).toBe('');
    });

    it('says so for an unknown account or key id', async () => {
      await expect(run(['access-keys', 'create', 'nobody'])).rejects.toThrow(
        'no account by that name',
      );
      await expect(run(['access-keys', 'list', 'nobody'])).rejects.toThrow(
        'no account by that name',
      );
      await expect(run(['access-keys', 'disable', 'NoSuchKey'])).rejects.toThrow(
        'no access key with that id',
      );
      await expect(run(['access-keys', 'delete', 'NoSuchKey'])).rejects.toThrow(
        'no access key with that id',
      );
    });

    it.each([
      [['access-keys']],
      [['access-keys', 'create']],
      [['access-keys', 'disable']],
      [['access-keys', 'rotate', 'x']],
      [['access-keys', 'create', 'x', 'y']],
      [['access-keys', 'list', 'x', 'y']],
      [['access-keys', 'create', 'x', '--admin']],
      [['access-keys', 'create', ' ']],
    ])('refuses the command line %j', async (args) => {
      await expect(run(args)).rejects.toThrow(UsageError);
    });
  });
});
