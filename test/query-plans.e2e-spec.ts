import { createHash } from 'node:crypto';

import { ADMIN_ACCOUNT_UUID, sessionQuery } from '../src/auth/session.service';
import { Prisma } from '../src/generated/prisma/client';
import { Viewer, vmFactsQuery } from '../src/vm/vm-facts.repository';

import { TestApp, startTestApp } from './support/test-app';

const VM_COUNT = 20_000;
const TENANTS = 20;

/** The tables that grow with the inventory: reading any of them whole would not scale. */
const LARGE_TABLES = ['vm_instance', 'volume', 'vm_cd_rom', 'account_resource_ref', 'session'];
const INDEXED_SCANS = ['Index Scan', 'Index Only Scan', 'Bitmap Heap Scan'];

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

interface Access {
  table: string;
  scan: string;
}

/** Every read of a table in a plan, with the kind of scan that does it. */
function accessesOf(plan: PlanNode): Access[] {
  const own = plan['Relation Name']
    ? [{ table: plan['Relation Name'], scan: plan['Node Type'] }]
    : [];

  return [...own, ...(plan.Plans ?? []).flatMap(accessesOf)];
}

const ofLargeTables = (plan: PlanNode): Access[] =>
  accessesOf(plan).filter((access) => LARGE_TABLES.includes(access.table));

const notIndexed = (access: Access): boolean => !INDEXED_SCANS.includes(access.scan);

/** The uuids the load gives its rows, computed as Postgres's md5() computes them. */
const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

/**
 * A set-based load of an inventory large enough for the planner to prefer
 * indexes wherever they exist: per VM a root volume, 0-2 data volumes, maybe a
 * CD-ROM (some holding an ISO) and ownership rows; 20 tenants with sessions.
 */
async function loadInventory(sut: TestApp): Promise<void> {
  await sut.prisma.$executeRaw`
    INSERT INTO account (uuid, name)
    SELECT md5('plan-tenant-' || t), 'plan-tenant-' || t FROM generate_series(1, ${TENANTS}::int) t`;
  await sut.prisma.$executeRaw`
    INSERT INTO session (uuid, account_uuid, user_uuid, expired_date)
    SELECT md5('plan-session-' || s), md5('plan-tenant-' || (s % ${TENANTS}::int + 1)),
           md5('plan-tenant-' || (s % ${TENANTS}::int + 1)), now() + interval '1 hour'
      FROM generate_series(1, ${VM_COUNT}::int) s`;
  await sut.prisma.$executeRaw`
    INSERT INTO primary_storage (uuid, name, type)
    SELECT md5('plan-ps-' || p), 'ps-' || p,
           (ARRAY['LocalStorage', 'NFS', 'Ceph', 'SharedMountPoint'])[p % 4 + 1]
      FROM generate_series(0, 7) p`;
  await sut.prisma.$executeRaw`
    INSERT INTO image (uuid, name, media_type)
    VALUES (md5('plan-template'), 'template', 'RootVolumeTemplate'),
           (md5('plan-iso'), 'iso', 'ISO')`;
  await sut.prisma.$executeRaw`
    INSERT INTO vm_instance (uuid, name, state, platform, image_uuid, root_volume_uuid)
    SELECT md5('plan-vm-' || i), 'vm-' || i,
           CASE WHEN i % 3 = 0 THEN 'Stopped' ELSE 'Running' END, 'Linux',
           md5('plan-template'), md5('plan-root-' || i)
      FROM generate_series(1, ${VM_COUNT}::int) i`;
  await sut.prisma.$executeRaw`
    INSERT INTO volume (uuid, name, type, vm_instance_uuid, primary_storage_uuid)
    SELECT md5('plan-root-' || i), 'root-' || i, 'Root', md5('plan-vm-' || i),
           md5('plan-ps-' || i % 8)
      FROM generate_series(1, ${VM_COUNT}::int) i`;
  await sut.prisma.$executeRaw`
    INSERT INTO volume (uuid, name, type, vm_instance_uuid, primary_storage_uuid)
    SELECT md5('plan-data-' || i || '-' || d), 'data', 'Data', md5('plan-vm-' || i),
           md5('plan-ps-' || i % 8)
      FROM generate_series(1, ${VM_COUNT}::int) i
      JOIN generate_series(1, 2) d ON d <= i % 3`;
  await sut.prisma.$executeRaw`
    INSERT INTO vm_cd_rom (uuid, name, vm_instance_uuid, device_id, iso_uuid)
    SELECT md5('plan-cd-' || i), 'cdrom', md5('plan-vm-' || i), 0,
           CASE WHEN i % 10 = 0 THEN md5('plan-iso') END
      FROM generate_series(1, ${VM_COUNT}::int) i
     WHERE i % 2 = 0`;
  await sut.prisma.$executeRaw`
    INSERT INTO account_resource_ref (account_uuid, owner_account_uuid, resource_uuid,
                                      resource_type)
    SELECT md5('plan-tenant-' || (i % ${TENANTS}::int + 1)),
           md5('plan-tenant-' || (i % ${TENANTS}::int + 1)), uuid,
           CASE WHEN type = 'VmInstance' THEN 'VmInstanceVO' ELSE 'VolumeVO' END
      FROM (SELECT i, md5('plan-vm-' || i) AS uuid, 'VmInstance' AS type
              FROM generate_series(1, ${VM_COUNT}::int) i
            UNION ALL
            SELECT i, md5('plan-root-' || i), 'Volume'
              FROM generate_series(1, ${VM_COUNT}::int) i) resources`;
  await sut.prisma.$executeRaw`ANALYZE`;
}

describe('the plans of the per-request statements on a large inventory (e2e)', () => {
  let sut: TestApp;
  // Spread over the whole inventory, as a caller's VMs would be.
  const vms: Record<number, string[]> = {
    1: [md5('plan-vm-4242')],
    100: Array.from({ length: 100 }, (_, i) => md5(`plan-vm-${1 + ((i * 7919) % VM_COUNT)}`)),
  };

  const planOf = async (statement: Prisma.Sql): Promise<PlanNode> => {
    const [row] = await sut.prisma.$queryRaw<{ 'QUERY PLAN': unknown }[]>(
      Prisma.sql`EXPLAIN (FORMAT JSON) ${statement}`,
    );
    const explained = row['QUERY PLAN'];
    const [document] = (typeof explained === 'string' ? JSON.parse(explained) : explained) as {
      Plan: PlanNode;
    }[];

    return document.Plan;
  };

  beforeAll(async () => {
    sut = await startTestApp();
    await loadInventory(sut);
  }, 120_000);

  afterAll(async () => {
    await sut.close();
  });

  const admin: Viewer = { accountUuid: ADMIN_ACCOUNT_UUID, isAdmin: true };
  const tenant: Viewer = { accountUuid: md5('plan-tenant-3'), isAdmin: false };

  const everyone = ['vm_instance', 'volume', 'vm_cd_rom'];

  it.each([
    ['1 VM', 'the admin', 1, admin, everyone],
    ['100 VMs', 'the admin', 100, admin, everyone],
    ['1 VM', 'a tenant', 1, tenant, [...everyone, 'account_resource_ref']],
    ['100 VMs', 'a tenant', 100, tenant, [...everyone, 'account_resource_ref']],
  ])(
    'reads the facts of %s for %s through indexes only',
    async (_vms, _viewer, count: number, viewer: Viewer, tables: string[]) => {
      const reads = ofLargeTables(await planOf(vmFactsQuery(vms[count], viewer)));

      expect(reads.map((access) => access.table)).toEqual(expect.arrayContaining(tables));
      expect(reads.filter(notIndexed)).toEqual([]);
    },
  );

  it('reads a session through its primary key', async () => {
    const reads = ofLargeTables(await planOf(sessionQuery(md5('plan-session-77'))));

    expect(reads).toEqual([{ table: 'session', scan: expect.stringMatching(/Index/) }]);
  });
});
