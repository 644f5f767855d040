import { Injectable } from '@nestjs/common';

import { PrismaService } from '../database/prisma.service';
import { Prisma } from '../generated/prisma/client';

import { LiveMigrationSupport, VmFacts } from './vm-facts';

/** Who asks: the admin sees every VM, any other account only what it owns or is shared. */
export interface Viewer {
  accountUuid: string;
  isAdmin: boolean;
}

interface VmFactsRow {
  uuid: string;
  state: string;
  platform: string | null;
  has_root_volume: boolean;
  root_storage_type: string | null;
  live_migration: LiveMigrationSupport | null;
  volume_migration_stopped: boolean | null;
  volume_migration_running: boolean | null;
  memory_snapshot: boolean | null;
  image_exists: boolean;
  image_media_type: string | null;
  disk_volume_count: number;
  has_iso_attached: boolean;
  live_migration_with_storage_allowed: boolean;
}

/**
 * Loads the facts of a whole batch of VMs in one statement, whatever its size:
 * the VM, its attached root volume, that volume's primary storage and storage
 * type, its image, its disk count, its CD-ROMs and the global setting. VMs the
 * viewer may not see are left out exactly like VMs that do not exist.
 */
@Injectable()
export class VmFactsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Runs on the pg pool under Prisma rather than through $queryRaw: the client
   * would serialize every uuid into a query plan and tag every value of every
   * row on the way back, which costs more than the statement on large batches.
   */
  async findVisible(uuids: string[], viewer: Viewer): Promise<Map<string, VmFacts>> {
    const statement = vmFactsQuery(uuids, viewer);
    const { rows } = await this.prisma.pool.query<VmFactsRow>(statement.text, statement.values);

    return new Map(rows.map((row) => [row.uuid, toFacts(row)]));
  }
}

/**
 * The one statement that loads a batch's facts; exported so that its plan can be checked.
 * Its cost follows the batch, not the inventory: the asked uuids drive the join,
 * so that each VM is found through its primary key, and the per-VM facts are
 * counts, which Postgres probes through an index for each VM, where an EXISTS
 * may be planned as a hash of every CD-ROM or every resource of the account.
 */
export function vmFactsQuery(uuids: string[], viewer: Viewer): Prisma.Sql {
  return Prisma.sql`
      SELECT vm.uuid,
             vm.state,
             vm.platform,
             root.uuid IS NOT NULL AS has_root_volume,
             ps.type AS root_storage_type,
             st.live_migration::text AS live_migration,
             st.volume_migration_stopped,
             st.volume_migration_running,
             st.memory_snapshot,
             img.uuid IS NOT NULL AS image_exists,
             img.media_type AS image_media_type,
             (SELECT count(*)::int
                FROM volume disk
               WHERE disk.vm_instance_uuid = vm.uuid
                 AND disk.type IN ('Root', 'Data')) AS disk_volume_count,
             (SELECT count(*) > 0
                FROM vm_cd_rom cd
               WHERE cd.vm_instance_uuid = vm.uuid
                 AND cd.iso_uuid IS NOT NULL) AS has_iso_attached,
             COALESCE((SELECT lower(gc.value) = 'true'
                         FROM global_config gc
                        WHERE gc.category = 'localStoragePrimaryStorage'
                          AND gc.name = 'liveMigrationWithStorage.allow'), false)
               AS live_migration_with_storage_allowed
        FROM unnest(${uuids}::varchar[]) AS asked(uuid)
        JOIN vm_instance vm ON vm.uuid = asked.uuid
        LEFT JOIN volume root
               ON root.uuid = vm.root_volume_uuid
              AND root.vm_instance_uuid = vm.uuid
        LEFT JOIN primary_storage ps ON ps.uuid = root.primary_storage_uuid
        LEFT JOIN storage_type st ON st.type = ps.type
        LEFT JOIN image img ON img.uuid = vm.image_uuid
       WHERE ${viewer.isAdmin}::boolean
          OR (SELECT count(*) > 0
                FROM account_resource_ref ref
               WHERE ref.account_uuid = ${viewer.accountUuid}
                 AND ref.resource_uuid = vm.uuid)`;
}

function toFacts(row: VmFactsRow): VmFacts {
  return {
    uuid: row.uuid,
    state: row.state,
    platform: row.platform,
    rootVolume: row.has_root_volume
      ? {
          storageType: row.root_storage_type ?? 'unknown',
          storage:
            row.live_migration === null
              ? null
              : {
                  liveMigration: row.live_migration,
                  volumeMigrationStopped: row.volume_migration_stopped === true,
                  volumeMigrationRunning: row.volume_migration_running === true,
                  memorySnapshot: row.memory_snapshot === true,
                },
        }
      : null,
    imageExists: row.image_exists,
    imageMediaType: row.image_media_type,
    diskVolumeCount: row.disk_volume_count,
    hasIsoAttached: row.has_iso_attached,
    liveMigrationWithStorageAllowed: row.live_migration_with_storage_allowed,
  };
}
