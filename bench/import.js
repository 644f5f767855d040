'use strict';
// The inventory import at scale: writes a ZStack export of BENCH_IMPORT_VMS VMs
// (100,000 by default; each with a root and a data volume in allVolumes, a CD-ROM
// and a NIC) to a temporary folder, imports it into a scratch database with the
// built command (dist/), and prints records per second and the importing process's
// peak resident memory (VmHWM). Postgres is DATABASE_URL's server, or else an
// embedded one in a throwaway folder. Run `npm run build` first.
//   node bench/import.js            one import
//   node bench/import.js --again    and the same import again (every record unchanged)
const { fork } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const {
  chmodSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { once } = require('node:events');
const { Client } = require('pg');

const root = path.join(__dirname, '..');
const dist = path.join(root, 'dist', 'src');
const VMS = Number(process.env.BENCH_IMPORT_VMS || 100_000);
const MEMORY_LIMIT_MB = 256;
/** The child is killed past this, whatever it is doing. */
const IMPORT_BOUND_MS = 30 * 60_000;

const uuid = () => randomBytes(16).toString('hex');
const seconds = (since) => ((Date.now() - since) / 1000).toFixed(1);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A date as ZStack's JSON writes it, a different one for each VM. */
function zstackDate(index) {
  const hour = (index % 12) + 1;
  const minute = String(index % 60).padStart(2, '0');
  const second = String((index * 7) % 60).padStart(2, '0');

  const day = `${MONTHS[index % 12]} ${(index % 28) + 1}, ${2016 + (index % 8)}`;

  return `${day} ${hour}:${minute}:${second} ${index % 2 ? 'PM' : 'AM'}`;
}

const ZONE = uuid();
const CLUSTER = uuid();
const STORAGE = uuid();
const IMAGE = uuid();

function volume(vm, index, type, deviceId) {
  const id = uuid();

  return {
    uuid: id,
    name: `${type === 'Root' ? 'ROOT' : 'DATA'}-for-${vm.name}`,
    description: type === 'Root' ? `Root volume for VM[uuid:${vm.uuid}]` : undefined,
    primaryStorageUuid: STORAGE,
    vmInstanceUuid: vm.uuid,
    diskOfferingUuid: type === 'Root' ? undefined : uuid(),
    rootImageUuid: type === 'Root' ? IMAGE : undefined,
    installPath: `/opt/zstack/nfsprimarystorage/prim-${STORAGE}/vol-${id}/${id}.qcow2`,
    type,
    format: 'qcow2',
    size: 21474836480,
    actualSize: 1675624448 + index,
    deviceId,
    state: 'Enabled',
    status: 'Ready',
    createDate: zstackDate(index),
    lastOpDate: zstackDate(index + 1),
    isShareable: false,
  };
}

function vmRecord(index) {
  const vm = { uuid: uuid(), name: `bench-vm-${index}` };
  const root = volume(vm, index, 'Root', 0);

  return {
    uuid: vm.uuid,
    name: vm.name,
    description: 'a VM of the import benchmark',
    zoneUuid: ZONE,
    clusterUuid: CLUSTER,
    imageUuid: IMAGE,
    hostUuid: uuid(),
    lastHostUuid: uuid(),
    instanceOfferingUuid: uuid(),
    rootVolumeUuid: root.uuid,
    platform: 'Linux',
    architecture: 'x86_64',
    guestOsType: 'CentOS 7',
    defaultL3NetworkUuid: uuid(),
    type: 'UserVm',
    hypervisorType: 'KVM',
    memorySize: 2147483648,
    cpuNum: 2,
    cpuSpeed: 0,
    allocatorStrategy: 'LastHostPreferredAllocatorStrategy',
    createDate: zstackDate(index),
    lastOpDate: zstackDate(index + 3),
    state: index % 5 === 0 ? 'Stopped' : 'Running',
    vmNics: [
      {
        uuid: uuid(),
        vmInstanceUuid: vm.uuid,
        l3NetworkUuid: uuid(),
        ip: `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`,
        mac: 'fa:16:3e:00:00:01',
        netmask: '255.0.0.0',
        gateway: '10.0.0.1',
        deviceId: 0,
        type: 'VNIC',
        hypervisorType: 'KVM',
        createDate: zstackDate(index),
        lastOpDate: zstackDate(index),
      },
    ],
    allVolumes: [root, volume(vm, index, 'Data', 1)],
    vmCdRoms: [
      {
        uuid: uuid(),
        vmInstanceUuid: vm.uuid,
        deviceId: 0,
        name: `vm-${vm.uuid}-cdRom`,
        createDate: zstackDate(index),
        lastOpDate: zstackDate(index),
      },
    ],
  };
}

/** Writes the export: a QueryVmInstance answer streamed to disk, and the storage and image. */
async function writeExport(folder) {
  const file = createWriteStream(path.join(folder, 'QueryVmInstance.json'));
  const write = async (text) => {
    if (!file.write(text)) {
      await once(file, 'drain');
    }
  };

  await write('{"inventories":[');

  for (let index = 0; index < VMS; index++) {
    await write((index ? ',' : '') + JSON.stringify(vmRecord(index)));
  }

  await write(`],"total":${VMS}}`);
  file.end();
  await once(file, 'finish');

  const small = (name, inventory) =>
    writeFileSync(path.join(folder, name), JSON.stringify({ inventories: [inventory] }));
  small('QueryPrimaryStorage.json', {
    uuid: STORAGE,
    zoneUuid: ZONE,
    name: 'nfs-1',
    url: '192.168.0.10:/nfs',
    type: 'NFS',
    state: 'Enabled',
    status: 'Connected',
    totalCapacity: 1099511627776,
    availableCapacity: 824633720832,
    mountPath: `/opt/zstack/nfsprimarystorage/prim-${STORAGE}`,
    createDate: zstackDate(0),
    lastOpDate: zstackDate(0),
    attachedClusterUuids: [CLUSTER],
  });
  small('QueryImage.json', {
    uuid: IMAGE,
    name: 'centos-7',
    mediaType: 'RootVolumeTemplate',
    format: 'qcow2',
    platform: 'Linux',
    state: 'Enabled',
    status: 'Ready',
    system: false,
    createDate: zstackDate(0),
    lastOpDate: zstackDate(0),
  });

  return statSync(path.join(folder, 'QueryVmInstance.json')).size;
}

/**
 * The child: the import exactly as `npm run inventory -- import` runs it, minus the
 * migration, which the parent applied. It reports its time and its peak memory.
 */
async function child(folder, url) {
  const { loadAppConfig } = require(path.join(dist, 'config', 'app-config.js'));
  const { PrismaService } = require(path.join(dist, 'database', 'prisma.service.js'));
  const { runInventoryCommand } = require(path.join(dist, 'cli', 'inventory-command.js'));
  const { InventoryImporter } = require(path.join(dist, 'inventory', 'inventory-importer.js'));
  const { StorageTypeRegistry } = require(path.join(dist, 'inventory', 'storage-type-registry.js'));
  const config = loadAppConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent' });
  const prisma = new PrismaService(config);
  const started = process.hrtime.bigint();

  try {
    const status = await runInventoryCommand(
      ['import', folder],
      {
        importer: new InventoryImporter({ url, timeoutMs: config.DB_TIMEOUT_MS }),
        registry: new StorageTypeRegistry(prisma),
      },
      { input: process.stdin, output: process.stdout, errorOutput: process.stderr },
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const peakKb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]);
    process.send({ status, seconds, peakMb: peakKb / 1024 });
  } finally {
    await prisma.onModuleDestroy();
  }
}

function runChild(folder, url) {
  return new Promise((resolve, reject) => {
    const worker = fork(__filename, ['--child', folder, url], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const timer = setTimeout(() => worker.kill('SIGKILL'), IMPORT_BOUND_MS);
    let report;
    worker.on('message', (message) => (report = message));
    worker.on('error', reject);
    worker.on('exit', (code, signal) => {
      clearTimeout(timer);

      if (report && code === 0) {
        resolve(report);
      } else {
        reject(new Error(`the import exited with ${signal ?? code}`));
      }
    });
  });
}

function withDatabase(url, database) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;

  return parsed.toString();
}

async function onServer(url, statement) {
  const client = new Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();

  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function main() {
  if (!existsSync(path.join(dist, 'cli', 'inventory-command.js'))) {
    throw new Error('dist/ has no inventory command: run `npm run build` first');
  }

  const again = process.argv.includes('--again');
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'vmcaps-import-bench-'));
  // As root, an embedded server runs as the `postgres` user, which must enter the folder.
  chmodSync(scratch, 0o755);
  let embedded;
  const database = `vmcaps_import_bench_${process.pid}`;
  let serverUrl = process.env.DATABASE_URL;

  try {
    if (!serverUrl) {
      const { startEmbeddedPostgres } = require(
        path.join(dist, 'database', 'embedded-postgres.js'),
      );
      embedded = await startEmbeddedPostgres(path.join(scratch, 'pg'), 'postgres', () => undefined);
      serverUrl = embedded.url;
    }

    const exportFolder = path.join(scratch, 'export');
    mkdirSync(exportFolder);
    let started = Date.now();
    const bytes = await writeExport(exportFolder);
    console.log(
      `export: ${VMS} VMs, ${2 * VMS} volumes, ${VMS} CD-ROMs in ` +
        `${(bytes / 1_048_576).toFixed(1)} MB, written in ${seconds(started)} s`,
    );

    const url = withDatabase(serverUrl, database);
    await onServer(serverUrl, `CREATE DATABASE "${database}"`);
    const { applyMigrations } = require(path.join(dist, 'database', 'migrations.js'));
    await applyMigrations(url);

    // Each VM gives its own row, two volumes and a CD-ROM; the storage and the image one each.
    const records = 4 * VMS + 2;
    const runs = again ? ['first import', 'same import again'] : ['import'];

    for (const label of runs) {
      started = Date.now();
      const { status, seconds, peakMb } = await runChild(exportFolder, url);

      if (status !== 0) {
        throw new Error(`the import ended with status ${status}`);
      }

      console.log(
        `${label}: ${records} records (${VMS} VMs) in ${seconds.toFixed(1)} s = ` +
          `${Math.round(records / seconds)} records/s (${Math.round(VMS / seconds)} VMs/s); ` +
          `peak resident memory ${peakMb.toFixed(0)} MB (VmHWM; limit ${MEMORY_LIMIT_MB} MB: ` +
          `${peakMb < MEMORY_LIMIT_MB ? 'under' : 'OVER'})`,
      );
    }
  } finally {
    if (serverUrl) {
      await onServer(serverUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    }

    await embedded?.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  child(process.argv[3], process.argv[4]).catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
} else {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
