import request from 'supertest';

import { VmOptions } from './support/inventory.factory';
import { TestApp, startTestApp } from './support/test-app';

type Flags = [
  liveMigration: boolean,
  volumeMigration: boolean,
  reimage: boolean,
  snapshot: boolean,
];

const asCaps = ([liveMigration, volumeMigration, reimage, snapshot]: Flags) => ({
  supportLiveMigration: liveMigration,
  supportVolumeMigration: volumeMigration,
  supportReimage: reimage,
  supportMemorySnapshot: snapshot,
});

/**
 * One VM per branch of every rule, written to the database and read back
 * through the API, so that the query that loads the facts is tested with the rules.
 */
describe('GetVmsCapabilities on a real inventory (e2e)', () => {
  let sut: TestApp;
  let session: string;

  const askFor = (vmUuids: string[]) =>
    request(sut.http)
      .post('/zstack/v1/vm-instances/capabilities')
      .set('Authorization', `OAuth ${session}`)
      .send({ params: { vmUuids } });

  beforeAll(async () => {
    sut = await startTestApp();
    session = await sut.inventory.adminSession();
    await sut.inventory.storageType('SharedBlock', {
      liveMigration: 'supported',
      volumeMigrationStopped: true,
      volumeMigrationRunning: true,
      memorySnapshot: false,
    });
    await sut.inventory.storageType('Snapshotting', {
      liveMigration: 'unsupported',
      volumeMigrationStopped: false,
      volumeMigrationRunning: false,
      memorySnapshot: true,
    });
  });

  afterAll(async () => {
    await sut.close();
  });

  describe('with live migration on local storage not allowed (the default)', () => {
    it.each<[string, VmOptions, Flags]>([
      ['a VM without a root volume', { storageType: null }, [false, false, true, false]],
      [
        'a VM whose root volume is not attached to it',
        { rootVolumeDetached: true },
        [false, false, true, false],
      ],
      ['a Running VM on NFS', { storageType: 'NFS' }, [true, false, true, false]],
      ['a Running VM on Ceph', { storageType: 'Ceph' }, [true, false, true, false]],
      [
        'a Running VM on SharedMountPoint',
        { storageType: 'SharedMountPoint' },
        [true, false, true, false],
      ],
      [
        'a Stopped VM on NFS',
        { storageType: 'NFS', state: 'Stopped' },
        [false, false, true, false],
      ],
      ['a Paused VM on NFS', { state: 'Paused' }, [false, false, true, false]],
      [
        'a Migrating VM on SharedBlock',
        { storageType: 'SharedBlock', state: 'Migrating' },
        [false, false, true, false],
      ],
      ['a Destroyed VM on NFS', { state: 'Destroyed' }, [false, false, true, false]],
      ['a Running VM on SharedBlock', { storageType: 'SharedBlock' }, [true, true, true, false]],
      [
        'a Stopped VM on SharedBlock',
        { storageType: 'SharedBlock', state: 'Stopped' },
        [false, true, true, false],
      ],
      [
        'a Stopped VM on LocalStorage',
        { storageType: 'LocalStorage', state: 'Stopped' },
        [false, true, true, false],
      ],
      [
        'a Running VM on LocalStorage',
        { storageType: 'LocalStorage' },
        [false, false, true, false],
      ],
      [
        'a Running VM on a type without live migration',
        { storageType: 'Snapshotting' },
        [false, false, true, true],
      ],
      ['a VM without an image', { image: null }, [true, false, false, false]],
      ['a VM whose image is gone', { image: 'deleted' }, [true, false, false, false]],
      ['a VM made from an ISO', { image: 'ISO' }, [true, false, false, false]],
      [
        'a VM made from a data volume template',
        { image: 'DataVolumeTemplate' },
        [true, false, true, false],
      ],
      [
        'a Stopped VM made from an ISO',
        { image: 'ISO', state: 'Stopped' },
        [false, false, false, false],
      ],
    ])('answers %s', async (_name, options, flags) => {
      const vm = await sut.inventory.vm(options);

      const response = await askFor([vm]);

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ vmsCaps: { [vm]: asCaps(flags) } });
    });
  });

  describe('with live migration on local storage allowed', () => {
    beforeAll(() => sut.inventory.allowLiveMigrationWithStorage(true));

    afterAll(() => sut.inventory.allowLiveMigrationWithStorage(false));

    const local: VmOptions = { storageType: 'LocalStorage', platform: 'Linux' };

    it.each<[string, VmOptions, boolean]>([
      ['a single-disk Linux VM with no ISO', local, true],
      [
        'one with Memory and Cache volumes beside its disk',
        { ...local, otherVolumes: ['Memory', 'Cache'] },
        true,
      ],
      ['one with an empty CD-ROM', { ...local, cdRoms: ['empty'] }, true],
      ['one with a data volume', { ...local, dataVolumes: 1 }, false],
      ['one with an ISO in a CD-ROM', { ...local, cdRoms: ['empty', 'iso'] }, false],
      ['a Windows VM', { ...local, platform: 'Windows' }, false],
      ['a VM with no platform', { ...local, platform: null }, false],
      ['a Stopped VM', { ...local, state: 'Stopped' }, false],
    ])('answers live migration of %s', async (_name, options, expected) => {
      const vm = await sut.inventory.vm(options);

      const response = await askFor([vm]);

      expect(response.status).toBe(200);
      expect(response.body.vmsCaps[vm].supportLiveMigration).toBe(expected);
    });
  });

  it('answers every VM of a batch under the key it was sent with', async () => {
    const running = await sut.inventory.vm();
    const stopped = await sut.inventory.vm({ storageType: 'LocalStorage', state: 'Stopped' });
    const dashed = stopped.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');

    const response = await askFor([running.toUpperCase(), dashed, running]);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      vmsCaps: {
        [running.toUpperCase()]: asCaps([true, false, true, false]),
        [dashed]: asCaps([false, true, true, false]),
      },
    });
  });

  it('sees a change of the registry on the next call, with no restart', async () => {
    await sut.inventory.storageType('Changing', {
      liveMigration: 'supported',
      volumeMigrationStopped: false,
      volumeMigrationRunning: false,
      memorySnapshot: false,
    });
    const vm = await sut.inventory.vm({ storageType: 'Changing' });
    const before = await askFor([vm]);

    await sut.inventory.storageType('Changing', {
      liveMigration: 'unsupported',
      volumeMigrationStopped: false,
      volumeMigrationRunning: true,
      memorySnapshot: true,
    });
    const after = await askFor([vm]);

    expect(before.body.vmsCaps[vm]).toEqual(asCaps([true, false, true, false]));
    expect(after.body.vmsCaps[vm]).toEqual(asCaps([false, true, true, true]));
  });

  describe('the other forms', () => {
    it('answers GET with repeated vmUuids', async () => {
      const [a, b] = [await sut.inventory.vm(), await sut.inventory.vm({ state: 'Stopped' })];

      const response = await request(sut.http)
        .get(`/zstack/v1/vm-instances/capabilities?vmUuids=${a}&vmUuids=${b}`)
        .set('Authorization', `OAuth ${session}`);

      expect(response.status).toBe(200);
      expect(Object.keys(response.body.vmsCaps)).toEqual([a, b]);
      expect(response.body.vmsCaps[b]).toEqual(asCaps([false, false, true, false]));
    });

    it('answers GET with indexed vmUuids.N in index order', async () => {
      const [a, b, c] = [
        await sut.inventory.vm(),
        await sut.inventory.vm(),
        await sut.inventory.vm(),
      ];

      const response = await request(sut.http)
        .get(`/zstack/v1/vm-instances/capabilities?vmUuids.2=${c}&vmUuids.0=${a}&vmUuids.10=${b}`)
        .set('Authorization', `OAuth ${session}`);

      expect(response.status).toBe(200);
      expect(Object.keys(response.body.vmsCaps)).toEqual([a, c, b]);
    });

    it("answers GetVmCapabilities for one VM in that API's names", async () => {
      const vm = await sut.inventory.vm({ storageType: 'SharedBlock' });

      const response = await request(sut.http)
        .get(`/zstack/v1/vm-instances/${vm}/capabilities`)
        .set('Authorization', `OAuth ${session}`);

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        capabilities: {
          LiveMigration: true,
          VolumeMigration: true,
          Reimage: true,
          MemorySnapshot: false,
        },
      });
    });
  });

  describe('the statements one call makes', () => {
    const countStatements = async (vmUuids: string[]): Promise<number> => {
      const query = jest.spyOn(sut.prisma.pool, 'query');

      try {
        const response = await askFor(vmUuids);
        expect(response.status).toBe(200);

        return query.mock.calls.length;
      } finally {
        query.mockRestore();
      }
    };

    // Making 1,000 VMs takes a while on a busy machine: the limit guards against a hang only.
    it('stays the same, and at most 4, whether it asks for 1 VM or 1,000', async () => {
      const vms: string[] = [];

      // Ten at a time, the pool's size, so that a busy machine does not time out waiting for it.
      for (let index = 0; index < 1000; index += 10) {
        const batch = Array.from({ length: 10 }, (_, offset) =>
          sut.inventory.vm({ dataVolumes: (index + offset) % 3, cdRoms: ['iso'] }),
        );
        vms.push(...(await Promise.all(batch)));
      }

      // The once-a-minute renewal is aside: the session has just been renewed.
      await countStatements([vms[0]]);

      const forOne = await countStatements([vms[0]]);
      const forAll = await countStatements(vms);

      expect(forOne).toBeLessThanOrEqual(4);
      expect(forAll).toBe(forOne);
    }, 240_000);
  });
});
