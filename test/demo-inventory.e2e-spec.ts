import request from 'supertest';

import { DemoInventoryService } from '../src/demo/demo-inventory.service';

import { sha512 } from './support/inventory.factory';
import { ServiceProcess } from './support/service-process';
import { TestApp, startTestApp } from './support/test-app';
import { TestDatabase, createTestDatabase } from './support/test-database';
import { waitFor } from './support/wait-for';

/** The request of ZStack's documentation page, verbatim apart from the placeholders. */
const DOCUMENTED_BODY =
  '{"params":{"vmUuids":"68e8ed0735333faab95816b3e8596cea"},"systemTags":["<systemTags>"],"userTags":["<userTags>"]}';

const DOCUMENTED_ANSWER =
  '{"vmsCaps":{"68e8ed0735333faab95816b3e8596cea":{"supportLiveMigration":true,' +
  '"supportVolumeMigration":true,"supportReimage":true,"supportMemorySnapshot":false}}}';

describe('the demo inventory (e2e)', () => {
  let sut: TestApp;

  const logInAsAdmin = async (): Promise<string> => {
    const response = await request(sut.http)
      .put('/zstack/v1/accounts/login')
      .send({ logInByAccount: { accountName: 'admin', password: sha512('password') } });
    expect(response.status).toBe(200);

    return response.body.inventory.uuid as string;
  };

  const tableSizes = async (): Promise<number[]> =>
    Promise.all([
      sut.prisma.account.count(),
      sut.prisma.vmInstance.count(),
      sut.prisma.volume.count(),
      sut.prisma.vmCdRom.count(),
      sut.prisma.image.count(),
      sut.prisma.primaryStorage.count(),
      sut.prisma.storageType.count(),
    ]);

  beforeAll(async () => {
    sut = await startTestApp();
    await sut.app.get(DemoInventoryService).load();
  });

  afterAll(async () => {
    await sut.close();
  });

  it('answers the documented request exactly as documented', async () => {
    const session = await logInAsAdmin();

    const response = await request(sut.http)
      .post('/zstack/v1/vm-instances/capabilities')
      .set('Authorization', `OAuth ${session}`)
      .set('Content-Type', 'application/json;charset=UTF-8')
      .send(DOCUMENTED_BODY);

    expect(response.status).toBe(200);
    expect(response.text).toBe(DOCUMENTED_ANSWER);
  });

  it('changes nothing when loaded again, and keeps a password changed since', async () => {
    const before = await tableSizes();
    await sut.prisma.account.update({
      where: { name: 'admin' },
      data: { passwordHash: 'changed by the operator' },
    });

    await sut.app.get(DemoInventoryService).load();

    expect(await tableSizes()).toEqual(before);
    const admin = await sut.prisma.account.findUniqueOrThrow({ where: { name: 'admin' } });
    expect(admin.passwordHash).toBe('changed by the operator');
  });

  it('holds VMs that answer every flag both ways', async () => {
    await sut.prisma.account.update({ where: { name: 'admin' }, data: { passwordHash: null } });
    const session = await sut.inventory.session('36c27e8ff05c4780bf6d2fa65700f22e');
    const vms = await sut.prisma.vmInstance.findMany({
      where: { name: { not: 'unregistered-storage' } },
      select: { uuid: true },
    });

    const response = await request(sut.http)
      .post('/zstack/v1/vm-instances/capabilities')
      .set('Authorization', `OAuth ${session}`)
      .send({ params: { vmUuids: vms.map((vm) => vm.uuid) } });

    expect(response.status).toBe(200);

    const answers = Object.values<Record<string, boolean>>(response.body.vmsCaps);
    for (const flag of ['supportLiveMigration', 'supportVolumeMigration', 'supportReimage']) {
      expect(new Set(answers.map((answer) => answer[flag]))).toEqual(new Set([true, false]));
    }
  });
});

describe('the demo inventory served beyond the loopback address (e2e)', () => {
  const DEMO_WARNING = /the demo inventory's admin has a known password and the service listens on/;
  let database: TestDatabase;
  let service: ServiceProcess | undefined;

  /** Starts the service with the demo on `host`, and gives its output once it serves. */
  const outputListeningOn = async (host: string): Promise<string> => {
    service = await ServiceProcess.start({
      DATABASE_URL: database.url,
      DEMO_INVENTORY: 'true',
      HOST: host,
      LOG_LEVEL: 'info',
      PASSWORD_HASH_MEMORY_KIB: '64',
      PASSWORD_HASH_ITERATIONS: '1',
    });
    const { port } = service;
    await waitFor(
      'the service to listen',
      async () =>
        (await fetch(`http://127.0.0.1:${port}/health/live`).catch(() => null))?.ok || undefined,
      60_000,
    );
    service.signal('SIGTERM');
    await service.waitForExit(20_000);

    return service.lastOutput;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await service?.kill();
    await database.drop();
  });

  it('warns that anyone who reaches it can log in as admin', async () => {
    expect(await outputListeningOn('0.0.0.0')).toMatch(DEMO_WARNING);
  }, 90_000);

  it('says nothing of it on the loopback address', async () => {
    const output = await outputListeningOn('127.0.0.1');

    expect(output).toMatch(/demo inventory loaded/);
    expect(output).not.toMatch(DEMO_WARNING);
  }, 90_000);
});
