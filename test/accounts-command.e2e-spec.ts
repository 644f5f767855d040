import { PassThrough } from 'node:stream';
import request from 'supertest';

import { AccountAdmin } from '../src/auth/account-admin';
import { PasswordHasher } from '../src/auth/password-hasher';
import { UsageError, runAccountsCommand } from '../src/cli/accounts-command';

import { sha512 } from './support/inventory.factory';
import { TestApp, startTestApp } from './support/test-app';

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

    await runAccountsCommand(args, admin, { input: stdin, output: stdout });

    return printed;
  };

  const logIn = (accountName: string, password: string) =>
    request(sut.http)
      .put('/zstack/v1/accounts/login')
      .send({ logInByAccount: { accountName, password: sha512(password) } });

  beforeAll(async () => {
    sut = await startTestApp();
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

  it('disables and enables an account; disabling ends its sessions for good', async () => {
    await run(['create', 'tenant-c'], 'secret\n');
    const session = (await logIn('tenant-c', 'secret')).body.inventory.uuid as string;

    await run(['disable', 'tenant-c']);
    const disabled = await logIn('tenant-c', 'secret');
    await run(['enable', 'tenant-c']);
    const enabled = await logIn('tenant-c', 'secret');

    expect(disabled.status).toBe(503);
    expect(disabled.body.error.code).toBe('SYS.1006');
    expect(enabled.status).toBe(200);
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
});
