import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import request from 'supertest';

import { AccountAdmin } from '../src/auth/account-admin';
import { PasswordHasher } from '../src/auth/password-hasher';
import {
  EXIT,
  InventoryCommandDeps,
  UsageError,
  runInventoryCommand,
} from '../src/cli/inventory-command';
import { InventoryImporter } from '../src/inventory/inventory-importer';
import { StorageTypeRegistry } from '../src/inventory/storage-type-registry';

import { sha512 } from './support/inventory.factory';
import { TestApp, startTestApp } from './support/test-app';

const FIXTURES = path.join(__dirname, 'fixtures', 'zstack');
const BAD = path.join(FIXTURES, 'bad');
const fixture = (name: string) => path.join(FIXTURES, name);

const ADMIN = '36c27e8ff05c4780bf6d2fa65700f22e';
const TENANT = '3dc404289e13463c9ba728586528261f';
const LDAP = '4953f0c3f09b4fdfbe9b9af0574882e6';

/** The fixture VMs, each named for what decides its flags. */
const VM = {
  documented: '68e8ed0735333faab95816b3e8596cea',
  nfsRunning: '8c7760c604c34269baa420228317dd9e',
  localStopped: '2c738a892ca946e1b0c71daa619d46a4',
  localRunning: '0bec9a7a01aa449e85f0e996843182ec',
  localRunningIso: '2c943ce2bb4541de84695d9253ee4a39',
  fromIso: 'f415b266edc9459faac8a7aabd187c81',
  imageGone: '4e3becc1bf55425087d551c7f9e37531',
  zbs: '14301daf1d7241ab935bdd3569b9b49e',
  crashed: 'c2790b0b17bb4789a5deadeb7b164ae9',
};

type Flags = [liveMigration: boolean, volumeMigration: boolean, reimage: boolean, snap: boolean];

const asCaps = ([liveMigration, volumeMigration, reimage, snapshot]: Flags) => ({
  supportLiveMigration: liveMigration,
  supportVolumeMigration: volumeMigration,
  supportReimage: reimage,
  supportMemorySnapshot: snapshot,
});

const SHARED_BLOCK = [
  'storage-types',
  'set',
  'SharedBlock',
  '--live-migration',
  'supported',
  '--volumes-stopped',
  'yes',
  '--volumes-running',
  'yes',
  '--memory-snapshot',
  'no',
];

/** The inventory tables and the two the commands manage, as rows, to compare whole. */
const TABLES = [
  'account',
  'account_resource_ref',
  'primary_storage',
  'image',
  'vm_instance',
  'volume',
  'vm_cd_rom',
  'storage_type',
  'global_config',
  'session',
];

type Counts = Record<
  string,
  { added: number; changed: number; unchanged: number; removed: number }
>;

/** The per-kind table of the summary, read back into numbers. */
function countsOf(stdout: string): Counts {
  const [, ...lines] = stdout.trim().split('\n');

  return Object.fromEntries(
    lines
      .filter((line) => /^\w+\s+\d+\s+\d+\s+\d+\s+\d+$/.test(line))
      .map((line) => {
        const [label, added, changed, unchanged, removed] = line.split(/\s+/);

        return [
          label,
          { added: +added, changed: +changed, unchanged: +unchanged, removed: +removed },
        ];
      }),
  );
}

describe("the operator's inventory command (e2e)", () => {
  let sut: TestApp;
  let deps: InventoryCommandDeps;
  let scratch: string;

  const run = async (args: string[], input = '') => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (chunk) => (out += String(chunk)));
    stderr.on('data', (chunk) => (err += String(chunk)));
    stdin.end(input);

    const status = await runInventoryCommand(args, deps, {
      input: stdin,
      output: stdout,
      errorOutput: stderr,
    });

    return { status, stdout: out, stderr: err };
  };

  const importFixtures = async (...more: string[]) => {
    const result = await run(['import', FIXTURES, ...more]);
    expect(result.status).toBe(EXIT.done);

    return result;
  };

  const askFor = (session: string, vmUuids: string[]) =>
    request(sut.http)
      .post('/zstack/v1/vm-instances/capabilities')
      .set('Authorization', `OAuth ${session}`)
      .send({ params: { vmUuids } });

  const flagsOf = async (session: string, vmUuid: string) => {
    const response = await askFor(session, [vmUuid]);
    expect(response.status).toBe(200);

    return response.body.vmsCaps[vmUuid] as ReturnType<typeof asCaps>;
  };

  /** Every row of every table the commands touch, so that "nothing changed" means exactly that. */
  const snapshot = async (): Promise<string> => {
    const tables: Record<string, unknown> = {};

    for (const table of TABLES) {
      tables[table] = await sut.prisma.$queryRawUnsafe(`SELECT * FROM "${table}" ORDER BY 1, 2`);
    }

    return JSON.stringify(tables, (_, value: unknown) =>
      typeof value === 'bigint' ? value.toString() : value,
    );
  };

  /** A copy of the fixture set in a folder of its own, with each answer changed as given. */
  const fixtureCopy = (
    change: (file: string, inventories: Record<string, unknown>[]) => unknown,
  ) => {
    const folder = mkdtempSync(path.join(scratch, 'export-'));

    for (const file of readdirSync(FIXTURES).filter((name) => name.endsWith('.json'))) {
      const answer = JSON.parse(readFileSync(fixture(file), 'utf8')) as {
        inventories: Record<string, unknown>[];
      };
      const changed = change(file, answer.inventories);

      if (changed !== undefined) {
        writeFileSync(path.join(folder, file), JSON.stringify({ inventories: changed }));
      }
    }

    return folder;
  };

  beforeEach(async () => {
    sut = await startTestApp();
    deps = {
      importer: new InventoryImporter({ url: sut.config.DATABASE_URL!, timeoutMs: 5000 }),
      registry: new StorageTypeRegistry(sut.prisma),
    };
    scratch = mkdtempSync(path.join(tmpdir(), 'inventory-e2e-'));
  });

  afterEach(async () => {
    await sut.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  describe('import', () => {
    it("imports ZStack's answers, and each VM answers as the rules say", async () => {
      expect((await run(SHARED_BLOCK)).status).toBe(EXIT.done);

      const { stdout } = await importFixtures();
      const session = await sut.inventory.session(ADMIN);
      const expected: [string, Flags][] = [
        [VM.documented, [true, true, true, false]],
        [VM.nfsRunning, [true, false, true, false]],
        [VM.localStopped, [false, true, true, false]],
        [VM.localRunning, [false, false, true, false]],
        [VM.localRunningIso, [false, false, true, false]],
        [VM.fromIso, [true, false, false, false]],
        [VM.imageGone, [false, true, false, false]],
        [VM.crashed, [false, false, true, false]],
      ];
      const response = await askFor(
        session,
        expected.map(([uuid]) => uuid),
      );

      expect(countsOf(stdout)).toEqual({
        Account: { added: 3, changed: 0, unchanged: 0, removed: 0 },
        AccountResourceRef: { added: 4, changed: 0, unchanged: 0, removed: 0 },
        PrimaryStorage: { added: 4, changed: 0, unchanged: 0, removed: 0 },
        Image: { added: 3, changed: 0, unchanged: 0, removed: 0 },
        VmInstance: { added: 9, changed: 0, unchanged: 0, removed: 0 },
        Volume: { added: 11, changed: 0, unchanged: 0, removed: 0 },
        VmCdRom: { added: 8, changed: 0, unchanged: 0, removed: 0 },
      });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        vmsCaps: Object.fromEntries(expected.map(([uuid, flags]) => [uuid, asCaps(flags)])),
      });
    });

    it('stores an unknown storage type, which fails only the calls for VMs on it', async () => {
      const { stderr } = await importFixtures();
      const session = await sut.inventory.session(ADMIN);

      const onZbs = await askFor(session, [VM.zbs]);

      expect(stderr).toContain('primary storage type ZBS (1 storage) is not in the storage type');
      expect(onZbs.status).toBe(503);
      expect(onZbs.body.error).toMatchObject({
        code: 'SYS.1000',
        details: 'primary storage type ZBS is not registered',
      });
      expect((await askFor(session, [VM.nfsRunning])).status).toBe(200);
    });

    it('keeps what ZStack says, read in every date form it writes', async () => {
      await importFixtures();

      const accounts = await sut.prisma.account.findMany({ orderBy: { name: 'asc' } });
      const images = await sut.prisma.image.findMany({ orderBy: { name: 'asc' } });
      const detached = await sut.prisma.volume.findFirstOrThrow({ where: { name: 'spare-data' } });
      const crashed = await sut.prisma.vmInstance.findUniqueOrThrow({
        where: { uuid: VM.crashed },
      });
      const stopped = await sut.prisma.vmInstance.findUniqueOrThrow({
        where: { uuid: VM.localStopped },
      });

      expect(
        accounts.map((a) => [a.name, a.type, a.passwordHash, a.createDate.toISOString()]),
      ).toEqual([
        ['admin', 'SystemAdmin', null, '2017-06-07T21:20:31.000Z'],
        ['ldap-ops', 'ThirdParty', null, '2017-06-08T10:02:11.000Z'],
        ['tenant-a', 'Normal', null, '2017-06-07T21:21:05.000Z'],
      ]);
      expect(images.map((image) => [image.name, image.createDate.toISOString()])).toEqual([
        ['centos-7', '2017-06-07T13:20:31.000Z'],
        ['data-template', '2017-06-07T21:20:31.000Z'],
        ['ubuntu-22.04', '2017-06-07T13:20:31.000Z'],
      ]);
      expect(detached).toMatchObject({ vmInstanceUuid: null, isShareable: true, deviceId: null });
      expect(detached.createDate.toISOString()).toBe('2017-06-09T20:15:00.000Z');
      expect(crashed).toMatchObject({ state: 'Crashed', hypervisorType: 'KVM', cpuNum: 2 });
      expect(crashed.memorySize).toBe(2147483648n);
      expect(stopped.hostUuid).toBeNull();
    });

    it('reads the dates that carry no zone in the zone --zone names', async () => {
      await importFixtures('--zone', 'Asia/Shanghai');

      const admin = await sut.prisma.account.findUniqueOrThrow({ where: { uuid: ADMIN } });
      const images = await sut.prisma.image.findMany({ orderBy: { name: 'asc' } });

      expect(admin.createDate.toISOString()).toBe('2017-06-07T13:20:31.000Z');
      expect(images.map((image) => image.createDate.toISOString())).toEqual([
        '2017-06-07T13:20:31.000Z',
        '2017-06-07T13:20:31.000Z',
        '2017-06-07T13:20:31.000Z',
      ]);
    });

    it('takes the owner of a shared resource from its owning record', async () => {
      await importFixtures();

      const shared = await sut.prisma.accountResourceRef.findUniqueOrThrow({
        where: { accountUuid_resourceUuid: { accountUuid: LDAP, resourceUuid: VM.nfsRunning } },
      });

      expect(shared).toMatchObject({ ownerAccountUuid: TENANT, isShared: true });
    });

    it('gives an imported tenant the VMs it owns or has shared, and no other', async () => {
      await importFixtures();
      const tenant = await sut.inventory.session(TENANT);
      const ldap = await sut.inventory.session(LDAP);

      expect((await askFor(tenant, [VM.nfsRunning, VM.localStopped])).status).toBe(200);
      expect((await askFor(ldap, [VM.nfsRunning])).status).toBe(200);
      expect((await askFor(tenant, [VM.documented])).body.error.code).toBe('SYS.1003');
      expect((await askFor(ldap, [VM.localStopped])).body.error.code).toBe('SYS.1003');
    });

    it('imports accounts that cannot log in until a password is set for them', async () => {
      const { stderr } = await importFixtures();
      const logIn = () =>
        request(sut.http)
          .put('/zstack/v1/accounts/login')
          .send({ logInByAccount: { accountName: 'tenant-a', password: sha512('secret') } });

      const before = await logIn();
      await new AccountAdmin(sut.prisma, sut.app.get(PasswordHasher)).resetPassword(
        'tenant-a',
        'secret',
      );
      const after = await logIn();

      expect(stderr).toContain('3 accounts without a password cannot log in');
      expect(before.body.error.code).toBe('ID.1000');
      expect(after.status).toBe(200);
    });

    it('keeps the password an operator set when the account is imported again', async () => {
      await importFixtures();
      const admin = new AccountAdmin(sut.prisma, sut.app.get(PasswordHasher));
      await admin.resetPassword('admin', 'password');
      const { passwordHash } = await sut.prisma.account.findUniqueOrThrow({
        where: { uuid: ADMIN },
      });

      await importFixtures();

      const again = await sut.prisma.account.findUniqueOrThrow({ where: { uuid: ADMIN } });
      expect(passwordHash).not.toBeNull();
      expect(again.passwordHash).toBe(passwordHash);
    });

    it('reports every record unchanged when the same export is imported again', async () => {
      const first = await importFixtures();
      const before = await snapshot();

      const second = await importFixtures();

      const counts = countsOf(second.stdout);
      expect(Object.keys(counts)).toHaveLength(7);

      for (const [label, added] of Object.entries(countsOf(first.stdout))) {
        expect([label, counts[label]]).toEqual([
          label,
          { added: 0, changed: 0, unchanged: added.added, removed: 0 },
        ]);
      }

      expect(await snapshot()).toBe(before);
    });

    it('counts a record ZStack changed as changed, and only that one', async () => {
      await importFixtures();
      const stopped = fixtureCopy((file, inventories) =>
        file === 'QueryVmInstance.json'
          ? inventories.map((vm) =>
              vm.uuid === VM.nfsRunning
                ? { ...vm, state: 'Stopped', lastOpDate: 'Jun 12, 2017 8:00:00 AM' }
                : vm,
            )
          : undefined,
      );

      const { stdout } = await run(['import', stopped]);
      const session = await sut.inventory.session(ADMIN);

      expect(countsOf(stdout).VmInstance).toEqual({
        added: 0,
        changed: 1,
        unchanged: 8,
        removed: 0,
      });
      expect(await flagsOf(session, VM.nfsRunning)).toEqual(asCaps([false, false, true, false]));
    });

    it('reads standard input, given as - or as no path at all', async () => {
      const accounts = readFileSync(fixture('QueryAccount.json'), 'utf8');
      const images = readFileSync(fixture('QueryImage.json'), 'utf8');

      const dash = await run(['import', '-'], accounts);
      const none = await run(['import'], images);

      expect(countsOf(dash.stdout).Account.added).toBe(3);
      expect(countsOf(none.stdout).Image.added).toBe(3);
      expect(await sut.prisma.account.count()).toBe(3);
    });

    it('reads an input whose content does not tell its kind when --kind names it', async () => {
      const robots = path.join(scratch, 'accounts.json');
      writeFileSync(
        robots,
        JSON.stringify({
          inventories: [{ uuid: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', name: 'bot', type: 'Robot' }],
        }),
      );

      const untold = await run(['import', robots]);
      const told = await run(['import', robots, '--kind', 'account']);

      expect(untold.status).toBe(EXIT.refused);
      expect(untold.stderr).toContain(
        `${robots} inventories[0]: cannot tell which ZStack query answered this record`,
      );
      expect(told.status).toBe(EXIT.done);
      expect(await sut.prisma.account.findUnique({ where: { name: 'bot' } })).toMatchObject({
        type: 'Robot',
      });
    });
  });

  describe('full sync', () => {
    it('removes what the export leaves out: a VM deleted in ZStack stops answering', async () => {
      await importFixtures();
      const withoutVm = fixtureCopy((file, inventories) =>
        file === 'QueryVmInstance.json'
          ? inventories.filter((vm) => vm.uuid !== VM.nfsRunning)
          : inventories,
      );

      const { status, stdout } = await run(['import', withoutVm, '--full']);
      const session = await sut.inventory.session(ADMIN);
      const gone = await askFor(session, [VM.nfsRunning]);

      expect(status).toBe(EXIT.done);
      expect(stdout).toContain('(full sync)');
      expect(countsOf(stdout).VmInstance).toEqual({
        added: 0,
        changed: 0,
        unchanged: 8,
        removed: 1,
      });
      // Its root volume went with it; its data volume is still in the volume answer.
      expect(countsOf(stdout).Volume).toEqual({ added: 0, changed: 0, unchanged: 10, removed: 1 });
      expect(gone.status).toBe(503);
      expect(gone.body.error).toMatchObject({
        code: 'SYS.1003',
        details: `cannot find the VM instance(s): ${VM.nfsRunning}`,
      });
      expect((await askFor(session, [VM.localStopped])).status).toBe(200);
    });

    it('leaves the kinds that are not in the export alone', async () => {
      await importFixtures();
      const onlyVms = fixtureCopy((file, inventories) =>
        file === 'QueryVmInstance.json' ? inventories.slice(0, 2) : undefined,
      );

      const { stdout } = await run(['import', onlyVms, '--full']);

      expect(Object.keys(countsOf(stdout))).toEqual(['VmInstance', 'Volume', 'VmCdRom']);
      expect(countsOf(stdout).VmInstance.removed).toBe(7);
      expect(await sut.prisma.image.count()).toBe(3);
      expect(await sut.prisma.account.count()).toBe(3);
      expect(await sut.prisma.primaryStorage.count()).toBe(4);
      // The volume answer is not in this export: the detached volume stays.
      expect(await sut.prisma.volume.count({ where: { name: 'spare-data' } })).toBe(1);
    });

    it('removes every record of a kind whose answer, named with --kind, is empty', async () => {
      await importFixtures();
      const empty = path.join(scratch, 'QueryImage.json');
      writeFileSync(empty, '{"inventories":[],"total":0}');

      const { stdout } = await run(['import', empty, '--full', '--kind', 'image']);

      expect(countsOf(stdout).Image).toEqual({ added: 0, changed: 0, unchanged: 0, removed: 3 });
      expect(await sut.prisma.image.count()).toBe(0);
    });

    it('frees the name of a stored account that the export leaves out', async () => {
      await sut.inventory.account({ name: 'tenant-a' });

      const { status, stdout } = await run(['import', fixture('QueryAccount.json'), '--full']);
      const tenant = await sut.prisma.account.findUniqueOrThrow({ where: { name: 'tenant-a' } });

      expect(status).toBe(EXIT.done);
      expect(countsOf(stdout).Account).toEqual({ added: 3, changed: 0, unchanged: 0, removed: 1 });
      expect(tenant.uuid).toBe(TENANT);
    });

    it('removes nothing in a partial import', async () => {
      await importFixtures();
      const withoutVm = fixtureCopy((file, inventories) =>
        file === 'QueryVmInstance.json'
          ? inventories.filter((vm) => vm.uuid !== VM.nfsRunning)
          : undefined,
      );

      const { stdout } = await run(['import', withoutVm]);
      const session = await sut.inventory.session(ADMIN);

      expect(countsOf(stdout).VmInstance.removed).toBe(0);
      expect((await askFor(session, [VM.nfsRunning])).status).toBe(200);
    });
  });

  describe('refused input', () => {
    it.each([
      [
        'a VM without uuid',
        path.join(BAD, 'QueryVmInstance-without-uuid.json'),
        'inventories[1]: uuid is missing',
      ],
      [
        'a malformed date',
        path.join(BAD, 'QueryVolume-malformed-date.json'),
        'inventories[1]: createDate is not a date ZStack writes: "Jun 31, 2017 8:15:00 PM"',
      ],
    ])('refuses %s, says where and why, and writes nothing of the run', async (_, bad, reason) => {
      await run(SHARED_BLOCK);
      await importFixtures();
      const before = await snapshot();

      const { status, stdout, stderr } = await run(['import', FIXTURES, bad, '--full']);

      expect(status).toBe(EXIT.refused);
      expect(stdout).toBe('');
      expect(stderr).toContain(`${bad} ${reason}`);
      expect(stderr).toContain('import refused (1 problem): nothing was written');
      expect(await snapshot()).toBe(before);
    });

    it('refuses a bad volume inside a VM, naming its place in the record', async () => {
      const broken = fixtureCopy((file, inventories) =>
        file === 'QueryVmInstance.json'
          ? inventories.map((vm, index) =>
              index === 3
                ? { ...vm, allVolumes: [{ uuid: 'not-a-uuid', name: 'ROOT', type: 'Root' }] }
                : vm,
            )
          : undefined,
      );
      const file = path.join(broken, 'QueryVmInstance.json');

      const { status, stderr } = await run(['import', broken]);

      expect(status).toBe(EXIT.refused);
      expect(stderr).toContain(
        `${file} inventories[3].allVolumes[0]: uuid is not a uuid of 32 hex characters: ` +
          '"not-a-uuid"',
      );
      expect(await sut.prisma.vmInstance.count()).toBe(0);
    });

    it.each([
      ['a file that is not JSON', '{"inventories":[{"uuid":', 'is not valid JSON'],
      [
        'an answer without inventories',
        '{"error":{"code":"SYS.1000"}}',
        'has no "inventories" list',
      ],
      [
        'inventories that are not a list',
        '{"inventories":{"uuid":"x"}}',
        '"inventories" is not a list',
      ],
    ])('refuses %s', async (_, content, reason) => {
      const file = path.join(scratch, 'answer.json');
      writeFileSync(file, content);

      const { status, stderr } = await run(['import', fixture('QueryImage.json'), file]);

      expect(status).toBe(EXIT.refused);
      expect(stderr).toContain(`${file}: ${reason}`);
      expect(await sut.prisma.image.count()).toBe(0);
    });

    it('refuses an account whose name another stored account holds', async () => {
      await sut.inventory.account({ name: 'tenant-a' });
      const before = await snapshot();

      const { status, stderr } = await run(['import', fixture('QueryAccount.json')]);

      expect(status).toBe(EXIT.refused);
      expect(stderr).toMatch(
        /QueryAccount\.json inventories\[1\]: name "tenant-a" is also the name/,
      );
      expect(await snapshot()).toBe(before);
    });
  });

  it('reports on a dry run what would change, and writes nothing', async () => {
    const before = await snapshot();

    const { status, stdout } = await run(['import', FIXTURES, '--dry-run', '--full']);

    expect(status).toBe(EXIT.done);
    expect(countsOf(stdout).VmInstance).toEqual({ added: 9, changed: 0, unchanged: 0, removed: 0 });
    expect(stdout).toContain('dry run: 25 records from 6 inputs (full sync); nothing was written');
    expect(await snapshot()).toBe(before);
  });

  describe('storage types and the global setting', () => {
    it('lists the registered types and their abilities', async () => {
      const { stdout } = await run(['storage-types', 'list']);

      expect(stdout.split('\n')).toEqual([
        'type              live migration   volumes stopped  volumes running  memory snapshot',
        'Ceph              supported        no               no               no',
        'LocalStorage      withStorage      yes              no               no',
        'NFS               supported        no               no               no',
        'SharedMountPoint  supported        no               no               no',
        '',
      ]);
    });

    it('registers a type, and changes it, each seen by the next call', async () => {
      await importFixtures();
      const session = await sut.inventory.session(ADMIN);
      const unregistered = await askFor(session, [VM.zbs]);

      const added = await run([
        'storage-types',
        'set',
        'ZBS',
        '--live-migration',
        'unsupported',
        '--volumes-stopped',
        'no',
        '--volumes-running',
        'no',
        '--memory-snapshot',
        'yes',
      ]);
      const afterAdding = await flagsOf(session, VM.zbs);
      const changed = await run(['storage-types', 'set', 'ZBS', '--live-migration', 'supported']);
      const afterChanging = await flagsOf(session, VM.zbs);

      expect(unregistered.body.error.code).toBe('SYS.1000');
      expect(added.stdout).toBe(
        'registered ZBS: live migration unsupported, volumes stopped no, volumes running no, ' +
          'memory snapshot yes\n',
      );
      expect(afterAdding).toEqual(asCaps([false, false, true, true]));
      expect(changed.stdout).toContain('changed ZBS: live migration supported,');
      expect(afterChanging).toEqual(asCaps([true, false, true, true]));
    });

    it('shows and sets the global setting, seen by the next call', async () => {
      await importFixtures();
      const session = await sut.inventory.session(ADMIN);

      const shown = await run(['setting', 'show']);
      const before = await flagsOf(session, VM.localRunning);
      const set = await run(['setting', 'set', 'true']);
      const after = await flagsOf(session, VM.localRunning);
      const withIso = await flagsOf(session, VM.localRunningIso);

      expect(shown.stdout).toBe(
        'localStoragePrimaryStorage / liveMigrationWithStorage.allow = false (default false)\n',
      );
      expect(before.supportLiveMigration).toBe(false);
      expect(set.stdout).toContain('liveMigrationWithStorage.allow = true (default false)');
      expect(after.supportLiveMigration).toBe(true);
      expect(withIso.supportLiveMigration).toBe(false);
    });
  });

  it('does not wait for an export to be typed in on a terminal', async () => {
    const terminal = Object.assign(new PassThrough(), { isTTY: true });

    await expect(
      runInventoryCommand(['import'], deps, {
        input: terminal,
        output: new PassThrough(),
        errorOutput: new PassThrough(),
      }),
    ).rejects.toThrow('no export given');
  });

  it.each([
    [['import', '--zone', 'Mars/Olympus_Mons']],
    [['import', 'no/such/export.json']],
    [['import', '--kind', 'host']],
    [['import', '--live-migration', 'supported']],
    [['storage-types', 'list', '--full']],
    [['storage-types', 'set', 'Brand-New', '--live-migration', 'supported']],
    [['storage-types', 'set', 'NFS', '--volumes-stopped', 'maybe']],
    [['storage-types', 'set', 'NFS', '--live-migration', 'sometimes']],
    [['storage-types', 'set', 'NFS']],
    [['setting', 'set', 'yes']],
    [['setting']],
    [['drop', 'everything']],
  ])('refuses the command line %j', async (args) => {
    await expect(run(args)).rejects.toThrow(UsageError);
  });
});
