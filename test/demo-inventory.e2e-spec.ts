import request from 'supertest';

import { DemoInventoryService } from '../src/demo/demo-inventory.service';

import { sha512 } from './support/inventory.factory';
import { TestApp, startTestApp } from './support/test-app';

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
