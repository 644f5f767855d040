import { PrismaService } from '../database/prisma.service';
import { LiveMigrationSupport, StorageAbilities } from '../vm/vm-facts';

export interface StorageTypeRow extends StorageAbilities {
  type: string;
  description: string | null;
}

/** The global setting that allows live migration of VMs on local storage. */
export const LIVE_MIGRATION_WITH_STORAGE = {
  category: 'localStoragePrimaryStorage',
  name: 'liveMigrationWithStorage.allow',
} as const;

export interface SettingValue {
  category: string;
  name: string;
  value: string;
  defaultValue: string;
}

export const LIVE_MIGRATION_CHOICES: readonly LiveMigrationSupport[] = [
  'supported',
  'unsupported',
  'withStorage',
];

export class UnknownStorageTypeError extends Error {}

const ABILITIES = {
  type: true,
  liveMigration: true,
  volumeMigrationStopped: true,
  volumeMigrationRunning: true,
  memorySnapshot: true,
  description: true,
} as const;

/**
 * The operator's view of what the capability rules read besides the inventory:
 * the storage type registry and the global setting. The service reads both on
 * every call, so a change here is seen by the next call.
 */
export class StorageTypeRegistry {
  constructor(private readonly prisma: PrismaService) {}

  list(): Promise<StorageTypeRow[]> {
    return this.prisma.storageType.findMany({ select: ABILITIES, orderBy: { type: 'asc' } });
  }

  /**
   * Registers a type, which then needs all four abilities, or changes the abilities
   * given of a registered one.
   */
  async set(
    type: string,
    abilities: Partial<StorageAbilities>,
    description?: string,
  ): Promise<{ row: StorageTypeRow; added: boolean }> {
    return this.prisma.$transaction(async (tx) => {
      const existing = await tx.storageType.findUnique({ where: { type }, select: ABILITIES });

      if (existing) {
        const row = await tx.storageType.update({
          where: { type },
          data: { ...abilities, ...(description === undefined ? {} : { description }) },
          select: ABILITIES,
        });

        return { row, added: false };
      }

      const { liveMigration, volumeMigrationStopped, volumeMigrationRunning, memorySnapshot } =
        abilities;

      if (
        liveMigration === undefined ||
        volumeMigrationStopped === undefined ||
        volumeMigrationRunning === undefined ||
        memorySnapshot === undefined
      ) {
        throw new UnknownStorageTypeError(
          `${type} is not registered: a new type needs all four abilities`,
        );
      }

      const row = await tx.storageType.create({
        data: {
          type,
          liveMigration,
          volumeMigrationStopped,
          volumeMigrationRunning,
          memorySnapshot,
          description: description ?? null,
        },
        select: ABILITIES,
      });

      return { row, added: true };
    });
  }

  async liveMigrationWithStorage(): Promise<SettingValue> {
    const row = await this.prisma.globalConfig.findUnique({
      where: { category_name: LIVE_MIGRATION_WITH_STORAGE },
    });

    return {
      ...LIVE_MIGRATION_WITH_STORAGE,
      value: row?.value ?? 'false',
      defaultValue: row?.defaultValue ?? 'false',
    };
  }

  async setLiveMigrationWithStorage(allow: boolean): Promise<SettingValue> {
    const row = await this.prisma.globalConfig.upsert({
      where: { category_name: LIVE_MIGRATION_WITH_STORAGE },
      create: { ...LIVE_MIGRATION_WITH_STORAGE, value: String(allow), defaultValue: 'false' },
      update: { value: String(allow) },
    });

    return { ...LIVE_MIGRATION_WITH_STORAGE, value: row.value, defaultValue: row.defaultValue };
  }
}
