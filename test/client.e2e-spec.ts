import { INestApplication } from '@nestjs/common';

import { randomBytes } from 'node:crypto';
import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';

import {
  RequestError,
  RetryEvent,
  VmCapabilitiesClient,
  VmCapabilitiesClientOptions,
  ZStackError,
} from '../packages/client/src';
import { AccessKeyService } from '../src/auth/access-keys/access-key.service';
import { PrismaService } from '../src/database/prisma.service';

import { InventoryFactory, newUuid } from './support/inventory.factory';
import { TestApp, createAppOn, startTestApp } from './support/test-app';
import {
  ThrowawayFolder,
  ThrowawayPostgres,
  makeThrowawayFolder,
  startThrowawayPostgres,
} from './support/throwaway-postgres';
import { waitFor } from './support/wait-for';

/** The flags of a Running VM on NFS with an image, the factory's default VM. */
const NFS_RUNNING = {
  supportLiveMigration: true,
  supportVolumeMigration: false,
  supportReimage: true,
  supportMemorySnapshot: false,
};

/** Short waits, so that tests of retries take milliseconds. */
const FAST_RETRIES = { retries: 2, retryDelayMs: 10, maxRetryDelayMs: 50 };

const baseUrlOf = (server: Server): string =>
  `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

/** Runs the call and returns what it threw, failing when it did not throw. */
async function failureOf(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    return error;
  }

  throw new Error('the call succeeded');
}

describe('the typed client against the service (e2e)', () => {
  let sut: TestApp;
  let baseUrl: string;
  const requests: string[] = [];
  const logLines: string[] = [];
  let clients: VmCapabilitiesClient[] = [];

  const clientOf = (options: Partial<VmCapabilitiesClientOptions> = {}): VmCapabilitiesClient =>
    new VmCapabilitiesClient({ baseUrl, ...FAST_RETRIES, ...options });

  /** A client logged in as a new admin account, which logs out when the test ends. */
  const loggedInAdmin = async (): Promise<VmCapabilitiesClient> => {
    const admin = await sut.inventory.account({ type: 'SystemAdmin', password: 's3cret' });
    const client = clientOf();
    await client.login(admin.name, 's3cret');
    clients.push(client);

    return client;
  };

  beforeAll(async () => {
    sut = await startTestApp(
      { LOG_LEVEL: 'info', ACCESS_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64') },
      { logStream: { write: (line: string) => void logLines.push(line) } },
    );
    await sut.app.listen(0, '127.0.0.1');
    baseUrl = baseUrlOf(sut.http);
    sut.http.on('request', (request: { method: string; url: string }) =>
      requests.push(`${request.method} ${request.url}`),
    );
  });

  afterEach(async () => {
    await Promise.all(clients.map((client) => client.logout()));
    clients = [];
    requests.length = 0;
  });

  afterAll(async () => {
    await sut.close();
  });

  it('logs in with the SHA-512 of the password and answers the flags of each VM, keyed as sent', async () => {
    await sut.inventory.storageType('ClientTestStorage', {
      liveMigration: 'unsupported',
      volumeMigrationStopped: true,
      volumeMigrationRunning: false,
      memorySnapshot: true,
    });
    const running = await sut.inventory.vm();
    const stopped = await sut.inventory.vm({
      state: 'Stopped',
      storageType: 'ClientTestStorage',
      image: 'ISO',
    });
    const client = await loggedInAdmin();

    const caps = await client.getVmsCapabilities([running, stopped.toUpperCase()]);
    const one = await client.getVmCapabilities(stopped);

    expect(client.sessionUuid).toMatch(/^[0-9a-f]{32}$/);
    expect(caps).toEqual({
      [running]: NFS_RUNNING,
      [stopped.toUpperCase()]: {
        supportLiveMigration: false,
        supportVolumeMigration: true,
        supportReimage: false,
        supportMemorySnapshot: true,
      },
    });
    expect(one).toEqual({
      LiveMigration: false,
      VolumeMigration: true,
      Reimage: false,
      MemorySnapshot: true,
    });
  });

  it('ends the session on logout, after which a call answers ZStackError ID.1001', async () => {
    const vm = await sut.inventory.vm();
    const client = await loggedInAdmin();
    const session = client.sessionUuid!;
    await client.logout();
    const stale = clientOf({ sessionUuid: session });

    const error = await failureOf(stale.getVmsCapabilities([vm]));

    expect(client.sessionUuid).toBeUndefined();
    expect(error).toBeInstanceOf(ZStackError);
    expect(error).toMatchObject({ code: 'ID.1001', status: 503 });
  });

  it('answers a wrong password with ZStackError ID.1000, and keeps no session', async () => {
    const admin = await sut.inventory.account({ type: 'SystemAdmin', password: 's3cret' });
    const client = clientOf();

    const error = await failureOf(client.login(admin.name, 'not-the-password'));

    expect(error).toBeInstanceOf(ZStackError);
    expect(error).toMatchObject({ code: 'ID.1000', status: 503 });
    expect(client.sessionUuid).toBeUndefined();
  });

  it('surfaces an unknown VM as ZStackError SYS.1003 after one request, never retried', async () => {
    const known = await sut.inventory.vm();
    const unknown = newUuid();
    const onRetry = jest.fn();
    const client = await loggedInAdmin();
    requests.length = 0;

    const error = await failureOf(
      clientOf({ sessionUuid: client.sessionUuid, onRetry }).getVmsCapabilities([known, unknown], {
        requestId: 'client-unknown-vm',
      }),
    );

    expect(error).toBeInstanceOf(ZStackError);
    expect(error).toMatchObject({
      code: 'SYS.1003',
      description: 'A resource can not be found',
      status: 503,
      requestId: 'client-unknown-vm',
    });
    expect((error as ZStackError).details).toContain(unknown);
    expect(requests).toEqual(['POST /zstack/v1/vm-instances/capabilities']);
    expect(onRetry).not.toHaveBeenCalled();
  });

  it('passes the request id on as X-Request-Id: the service echoes it and logs it', async () => {
    const vm = await sut.inventory.vm();
    const echoed: (string | null)[] = [];
    const admin = await loggedInAdmin();
    const client = clientOf({
      sessionUuid: admin.sessionUuid,
      requestId: () => 'client-default-id',
      fetch: async (request) => {
        const response = await fetch(request);
        echoed.push(response.headers.get('X-Request-Id'));

        return response;
      },
    });

    await client.getVmCapabilities(vm, { requestId: 'client-call-id' });
    await client.getVmCapabilities(vm);
    const logged = await waitFor('the request lines of both ids', () => {
      const ids = logLines
        .map((line) => JSON.parse(line) as { req?: { id?: string }; res?: unknown })
        .filter((line) => line.res !== undefined)
        .map((line) => line.req?.id);

      return ids.includes('client-call-id') && ids.includes('client-default-id') ? ids : undefined;
    });

    expect(echoed).toEqual(['client-call-id', 'client-default-id']);
    expect(logged).toEqual(expect.arrayContaining(['client-call-id', 'client-default-id']));
  });

  it('gives up an attempt after timeoutMs, retries it once, then fails with a timeout', async () => {
    const vm = await sut.inventory.vm();
    const admin = await loggedInAdmin();
    const retries: RetryEvent[] = [];
    const client = clientOf({
      sessionUuid: admin.sessionUuid,
      timeoutMs: 300,
      retries: 1,
      onRetry: (event) => retries.push(event),
    });
    // A transaction holding vm_instance keeps the service's facts statement waiting.
    const locker = new Client({ connectionString: sut.config.DATABASE_URL });
    await locker.connect();

    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE vm_instance IN ACCESS EXCLUSIVE MODE');
      requests.length = 0;

      const error = await failureOf(client.getVmCapabilities(vm, { requestId: 'held' }));
      const received = await waitFor('both attempts', () =>
        requests.length === 2 ? requests : undefined,
      );

      expect(error).toBeInstanceOf(RequestError);
      expect(error).toMatchObject({
        kind: 'timeout',
        message: 'no answer within 300 ms',
        requestId: 'held',
      });
      expect(received).toEqual([
        `GET /zstack/v1/vm-instances/${vm}/capabilities`,
        `GET /zstack/v1/vm-instances/${vm}/capabilities`,
      ]);
      expect(retries.map((event) => [event.retry, event.error.name])).toEqual([
        [1, 'RequestError'],
      ]);
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
  });

  it('signs each request with an access key, with no session', async () => {
    const vm = await sut.inventory.vm();
    const admin = await sut.inventory.account({ type: 'SystemAdmin' });
    const key = await sut.app.get(AccessKeyService).create(admin.uuid);
    const client = clientOf({ accessKey: { id: key.accessKeyId, secret: key.accessKeySecret } });

    const caps = await client.getVmsCapabilities([vm]);
    const one = await client.getVmCapabilities(vm);

    expect(caps).toEqual({ [vm]: NFS_RUNNING });
    expect(one).toEqual({
      LiveMigration: true,
      VolumeMigration: false,
      Reimage: true,
      MemorySnapshot: false,
    });
  });

  it('surfaces a wrong access key secret as a ZStackError, never retried', async () => {
    const vm = await sut.inventory.vm();
    const admin = await sut.inventory.account({ type: 'SystemAdmin' });
    const key = await sut.app.get(AccessKeyService).create(admin.uuid);
    const onRetry = jest.fn();
    const client = clientOf({
      accessKey: { id: key.accessKeyId, secret: `${key.accessKeySecret}x` },
      onRetry,
    });

    const error = await failureOf(client.getVmsCapabilities([vm]));

    expect(error).toBeInstanceOf(ZStackError);
    expect((error as ZStackError).code).toMatch(/^ID\./);
    expect(onRetry).not.toHaveBeenCalled();
  });
});

describe('the typed client when the service does not answer (e2e)', () => {
  it('retries a refused connection with growing waits, then fails cleanly', async () => {
    // A port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const baseUrl = baseUrlOf(probe);
    await new Promise((resolve) => probe.close(resolve));
    const retries: RetryEvent[] = [];
    const client = new VmCapabilitiesClient({
      baseUrl,
      retries: 3,
      retryDelayMs: 10,
      onRetry: (event) => retries.push(event),
    });

    const error = await failureOf(client.getVmsCapabilities([newUuid()], { requestId: 'refused' }));

    expect(error).toBeInstanceOf(RequestError);
    expect(error).toMatchObject({ kind: 'network', code: 'ECONNREFUSED', requestId: 'refused' });
    expect(retries.map((event) => event.retry)).toEqual([1, 2, 3]);
    // Each wait is between half and all of 10, 20 and 40 ms.
    expect(
      retries.map(({ delayMs }, index) => delayMs >= 5 * 2 ** index && delayMs <= 10 * 2 ** index),
    ).toEqual([true, true, true]);
  });
});

describe('the typed client across a database outage (e2e)', () => {
  let folder: ThrowawayFolder;
  let database: ThrowawayPostgres | undefined;
  let app: INestApplication | undefined;
  let inventory: InventoryFactory;
  let baseUrl: string;

  beforeAll(async () => {
    folder = makeThrowawayFolder('vm-capabilities-client');
    database = await startThrowawayPostgres(folder.path, 'vmcaps_client');
    app = await createAppOn(database.url, { DB_TIMEOUT_MS: '1000' });
    await app.listen(0, '127.0.0.1');
    baseUrl = baseUrlOf(app.getHttpServer() as Server);
    inventory = new InventoryFactory(app.get(PrismaService), app);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await database?.close();
    folder?.remove();
  });

  it('retries SYS.1001 while the database is down and answers once it is back', async () => {
    const vm = await inventory.vm();
    const session = await inventory.adminSession();
    const retries: RetryEvent[] = [];
    let restarted: Promise<void> | undefined;
    const client = new VmCapabilitiesClient({
      baseUrl,
      sessionUuid: session,
      retries: 20,
      retryDelayMs: 100,
      maxRetryDelayMs: 500,
      onRetry: (event) => {
        retries.push(event);
        // The database comes back while the client waits to retry.
        restarted ??= database!.start();
      },
    });
    await database!.stop();

    const caps = await client.getVmsCapabilities([vm]);
    await restarted;

    expect(caps).toEqual({ [vm]: NFS_RUNNING });
    expect(retries[0].error).toBeInstanceOf(ZStackError);
    expect(retries[0].error).toMatchObject({ code: 'SYS.1001' });
  }, 60_000);
});
