'use strict';
// The benchmark's inventories: one database per size, migrated and loaded once
// with set-based SQL, then reused by later runs for as long as its marker holds.
const { createHash } = require('node:crypto');
const { readdirSync } = require('node:fs');
const path = require('node:path');
const { Client } = require('pg');

const root = path.join(__dirname, '..');

/** ZStack's admin account, which sees every VM. */
const ADMIN_ACCOUNT_UUID = '36c27e8ff05c4780bf6d2fa65700f22e';
const TENANTS = 8;
const ADMIN_SESSIONS = 4;

/** Raised whenever the generated rows change, so that older databases are loaded again. */
const LAYOUT_VERSION = 2;

const md5 = (text) => createHash('md5').update(text).digest('hex');

const vmUuid = (index) => md5(`bench-vm-${index}`);

const adminSessionUuid = (index) => md5(`bench-session-admin-${index}`);

function withDatabase(url, database) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;

  return parsed.toString();
}

async function withClient(url, work) {
  const client = new Client({ connectionString: url, application_name: 'vmcaps-bench' });
  await client.connect();

  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function markerOf(vmCount) {
  return `vm-capabilities benchmark inventory, layout ${LAYOUT_VERSION}, ${vmCount} VMs`;
}

/** Whether the database holds a complete inventory of this size: its comment and row count. */
async function isLoaded(serverUrl, database, vmCount) {
  const comment = await withClient(serverUrl, (client) =>
    client
      .query(
        `SELECT shobj_description(oid, 'pg_database') AS comment
           FROM pg_database WHERE datname = $1`,
        [database],
      )
      .then((result) => result.rows[0]?.comment),
  );

  if (comment !== markerOf(vmCount)) {
    return false;
  }

  const count = await withClient(withDatabase(serverUrl, database), (client) =>
    client.query('SELECT count(*)::int AS n FROM vm_instance').then((result) => result.rows[0].n),
  );

  return count === vmCount;
}

/** Whether a migration folder is not yet recorded as applied in the database. */
async function hasPendingMigrations(url) {
  const folders = readdirSync(path.join(root, 'prisma', 'migrations'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  const applied = await withClient(url, (client) =>
    client
      .query('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL')
      .then((result) => new Set(result.rows.map((row) => row.migration_name))),
  );

  return folders.some((name) => !applied.has(name));
}

/**
 * The inventory, loaded by a handful of INSERT ... SELECT statements: accounts
 * and sessions, primary storages of every built-in type plus SharedBlock,
 * images (templates and an ISO), and per VM a root volume, 0-2 data volumes,
 * maybe a CD-ROM (some with an ISO) and ownership rows for the VM and its volumes.
 */
function loadStatements(vmCount) {
  return [
    `INSERT INTO storage_type (type, live_migration, volume_migration_stopped,
                               volume_migration_running, memory_snapshot, description)
     VALUES ('SharedBlock', 'supported', true, true, false, 'shared block storage')
     ON CONFLICT (type) DO NOTHING`,
    // The withStorage branch of live migration is then decided by the VM's own facts.
    `UPDATE global_config SET value = 'true'
      WHERE category = 'localStoragePrimaryStorage' AND name = 'liveMigrationWithStorage.allow'`,
    `INSERT INTO account (uuid, name, type)
     VALUES ('${ADMIN_ACCOUNT_UUID}', 'admin', 'SystemAdmin')`,
    `INSERT INTO account (uuid, name, type)
     SELECT md5('bench-account-' || t), 'tenant-' || t, 'Normal'
       FROM generate_series(1, ${TENANTS}) t`,
    `INSERT INTO session (uuid, account_uuid, user_uuid, expired_date)
     SELECT md5('bench-session-admin-' || s), '${ADMIN_ACCOUNT_UUID}', '${ADMIN_ACCOUNT_UUID}',
            now() + interval '2 hours'
       FROM generate_series(1, ${ADMIN_SESSIONS}) s`,
    `INSERT INTO session (uuid, account_uuid, user_uuid, expired_date)
     SELECT md5('bench-session-tenant-' || t), md5('bench-account-' || t),
            md5('bench-account-' || t), now() + interval '2 hours'
       FROM generate_series(1, ${TENANTS}) t`,
    `INSERT INTO primary_storage (uuid, name, type, zone_uuid, url, total_capacity,
                                  available_capacity)
     SELECT md5('bench-ps-' || p), 'ps-' || p,
            (ARRAY['LocalStorage', 'NFS', 'Ceph', 'SharedMountPoint', 'SharedBlock'])[p % 5 + 1],
            md5('bench-zone'), 'bench://ps/' || p, 10995116277760, 5497558138880
       FROM generate_series(0, 9) p`,
    `INSERT INTO image (uuid, name, media_type, format, platform, size)
     SELECT md5('bench-image-' || k), 'image-' || k,
            CASE WHEN k = 5 THEN 'ISO' ELSE 'RootVolumeTemplate' END,
            CASE WHEN k = 5 THEN 'iso' ELSE 'qcow2' END, 'Linux', 2147483648
       FROM generate_series(0, 5) k`,
    // 60% Running, 30% Stopped, the rest Paused; 1 in 5 Windows; 1 in 50 on a deleted
    // image, 1 in 20 booted from the ISO; 1 in 200 without a root volume.
    `INSERT INTO vm_instance (uuid, name, zone_uuid, cluster_uuid, host_uuid, image_uuid,
                              root_volume_uuid, platform, architecture, hypervisor_type,
                              state, cpu_num, memory_size)
     SELECT md5('bench-vm-' || i), 'vm-' || i, md5('bench-zone'), md5('bench-cluster-' || i % 4),
            md5('bench-host-' || i % 64),
            CASE WHEN i % 50 = 0 THEN md5('bench-image-deleted-' || i)
                 WHEN i % 20 = 0 THEN md5('bench-image-5')
                 ELSE md5('bench-image-' || i % 5) END,
            CASE WHEN i % 200 = 0 THEN NULL ELSE md5('bench-root-' || i) END,
            CASE WHEN i % 5 = 0 THEN 'Windows' ELSE 'Linux' END, 'x86_64', 'KVM',
            CASE WHEN i % 10 < 6 THEN 'Running' WHEN i % 10 < 9 THEN 'Stopped' ELSE 'Paused' END,
            1 + i % 8, 1073741824::bigint * (1 + i % 16)
       FROM generate_series(1, ${vmCount}) i`,
    `INSERT INTO volume (uuid, name, primary_storage_uuid, vm_instance_uuid, root_image_uuid,
                         install_path, type, format, size, actual_size, device_id)
     SELECT md5('bench-root-' || i), 'root-' || i, md5('bench-ps-' || i % 10),
            md5('bench-vm-' || i), md5('bench-image-' || i % 5), '/ps/root/' || i, 'Root',
            'qcow2', 42949672960, 2147483648, 0
       FROM generate_series(1, ${vmCount}) i
      WHERE i % 200 <> 0`,
    `INSERT INTO volume (uuid, name, primary_storage_uuid, vm_instance_uuid, install_path, type,
                         format, size, actual_size, device_id)
     SELECT md5('bench-data-' || i || '-' || d), 'data-' || i || '-' || d,
            md5('bench-ps-' || i % 10), md5('bench-vm-' || i), '/ps/data/' || i || '/' || d,
            'Data', 'qcow2', 107374182400, 1073741824, d
       FROM generate_series(1, ${vmCount}) i
       JOIN generate_series(1, 2) d ON d <= i % 3`,
    // Memory volumes do not count as disks; detached volumes belong to no VM.
    `INSERT INTO volume (uuid, name, primary_storage_uuid, vm_instance_uuid, type, device_id)
     SELECT md5('bench-memory-' || i), 'memory-' || i, md5('bench-ps-' || i % 10),
            md5('bench-vm-' || i), 'Memory', 10
       FROM generate_series(1, ${vmCount}) i
      WHERE i % 25 = 0`,
    `INSERT INTO volume (uuid, name, primary_storage_uuid, type, format, size)
     SELECT md5('bench-detached-' || i), 'detached-' || i, md5('bench-ps-' || i % 10), 'Data',
            'qcow2', 10737418240
       FROM generate_series(1, ${vmCount}) i
      WHERE i % 20 = 0`,
    `INSERT INTO vm_cd_rom (uuid, vm_instance_uuid, device_id, iso_uuid, iso_install_path, name)
     SELECT md5('bench-cd-' || i), md5('bench-vm-' || i), 0,
            CASE WHEN i % 10 = 0 THEN md5('bench-image-5') END,
            CASE WHEN i % 10 = 0 THEN '/ps/iso/image-5.iso' END, 'cdrom-' || i
       FROM generate_series(1, ${vmCount}) i
      WHERE i % 2 = 0`,
    // Each VM and its volumes are owned by a tenant; 1 VM in 7 is shared with another.
    `INSERT INTO account_resource_ref (account_uuid, owner_account_uuid, resource_uuid,
                                       resource_type, is_shared)
     SELECT md5('bench-account-' || (i % ${TENANTS} + 1)),
            md5('bench-account-' || (i % ${TENANTS} + 1)), md5('bench-vm-' || i),
            'VmInstanceVO', false
       FROM generate_series(1, ${vmCount}) i`,
    `INSERT INTO account_resource_ref (account_uuid, owner_account_uuid, resource_uuid,
                                       resource_type, is_shared)
     SELECT md5('bench-account-' || ((i + 3) % ${TENANTS} + 1)),
            md5('bench-account-' || (i % ${TENANTS} + 1)), md5('bench-vm-' || i),
            'VmInstanceVO', true
       FROM generate_series(1, ${vmCount}) i
      WHERE i % 7 = 0`,
    `INSERT INTO account_resource_ref (account_uuid, owner_account_uuid, resource_uuid,
                                       resource_type, is_shared)
     SELECT md5('bench-account-' || (i % ${TENANTS} + 1)),
            md5('bench-account-' || (i % ${TENANTS} + 1)),
            CASE WHEN d = 0 THEN md5('bench-root-' || i)
                 ELSE md5('bench-data-' || i || '-' || d) END,
            'VolumeVO', false
       FROM generate_series(1, ${vmCount}) i
       JOIN generate_series(0, 2) d ON d <= i % 3 AND (d > 0 OR i % 200 <> 0)`,
  ];
}

/**
 * Makes the database of one inventory size ready: reused when its marker and
 * row count hold (with any new migration applied), created, migrated and
 * loaded otherwise, with the migration code of the build in `dist`. Returns its
 * url and how long that took.
 */
async function prepareInventory(dist, serverUrl, database, vmCount, log) {
  const { applyMigrations } = require(path.join(dist, 'database', 'migrations.js'));
  const url = withDatabase(serverUrl, database);
  const started = Date.now();

  if (await isLoaded(serverUrl, database, vmCount)) {
    if (await hasPendingMigrations(url)) {
      log(`${database}: applying new migrations`);
      await applyMigrations(url);
      await withClient(url, (client) => client.query('ANALYZE'));
    }

    log(`${database}: reusing the loaded inventory of ${vmCount} VMs`);

    return { url, seconds: (Date.now() - started) / 1000, loaded: false };
  }

  log(`${database}: creating, migrating and loading ${vmCount} VMs`);
  await withClient(serverUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${database}"`);
  });
  await applyMigrations(url);
  await withClient(url, async (client) => {
    await client.query('BEGIN');

    for (const statement of loadStatements(vmCount)) {
      await client.query(statement);
    }

    await client.query('COMMIT');
    await client.query('ANALYZE');
  });
  // Written last, so that a load cut short is done again on the next run.
  await withClient(serverUrl, (client) =>
    client.query(`COMMENT ON DATABASE "${database}" IS '${markerOf(vmCount)}'`),
  );
  const seconds = (Date.now() - started) / 1000;
  log(`${database}: loaded in ${seconds.toFixed(1)} s`);

  return { url, seconds, loaded: true };
}

/**
 * Gives the benchmark's sessions a fresh two-hour expiry, as a client that
 * keeps using them would see, so that the service renews each at most once a
 * minute during the runs, as it does in production.
 */
async function refreshSessions(url) {
  await withClient(url, (client) =>
    client.query(`UPDATE session SET expired_date = now() + interval '2 hours'`),
  );
}

module.exports = { adminSessionUuid, prepareInventory, refreshSessions, vmUuid, withDatabase };
