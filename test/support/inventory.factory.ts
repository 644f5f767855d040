import { INestApplication } from '@nestjs/common';

import { createHash, randomUUID } from 'node:crypto';

import { PasswordHasher } from '../../src/auth/password-hasher';
import { PrismaService } from '../../src/database/prisma.service';

export const newUuid = (): string => randomUUID().replaceAll('-', '');

export const sha512 = (text: string): string => createHash('sha512').update(text).digest('hex');

export interface AccountOptions {
  name?: string;
  password?: string;
  type?: 'SystemAdmin' | 'Normal';
  state?: string;
  uuid?: string;
}

export interface TestAccount {
  uuid: string;
  name: string;
  /** What a ZStack client sends as the password: its SHA-512 hex digest. */
  passwordDigest: string;
}

export interface VmOptions {
  state?: string;
  platform?: string | null;
  /** The storage type of the root volume's primary storage; null for a VM with no root volume. */
  storageType?: string | null;
  /** The root volume exists but is attached to no VM (or another one). */
  rootVolumeDetached?: boolean;
  /** The image's media type; null for no image; 'deleted' for an image gone from the inventory. */
  image?: string | null;
  dataVolumes?: number;
  /** Memory and Cache volumes, which the disk count ignores. */
  otherVolumes?: ('Memory' | 'Cache')[];
  cdRoms?: ('empty' | 'iso')[];
  /** Accounts that own (first) or share the VM, through account_resource_ref. */
  owner?: string;
  sharedWith?: string[];
}

/** Writes inventory records for one test, each with fresh uuids. */
export class InventoryFactory {
  constructor(
    private readonly prisma: PrismaService,
    private readonly app: INestApplication,
  ) {}

  async account(options: AccountOptions = {}): Promise<TestAccount> {
    const uuid = options.uuid ?? newUuid();
    const name = options.name ?? `account-${uuid.slice(0, 8)}`;
    const passwordDigest = sha512(options.password ?? 'password');
    await this.prisma.account.create({
      data: {
        uuid,
        name,
        type: options.type ?? 'Normal',
        state: options.state ?? 'Enabled',
        passwordHash: await this.app.get(PasswordHasher).hash(passwordDigest),
      },
    });

    return { uuid, name, passwordDigest };
  }

  /** A session row, valid for an hour unless told otherwise. */
  async session(
    accountUuid: string,
    expiredDate = new Date(Date.now() + 3_600_000),
  ): Promise<string> {
    const uuid = newUuid();
    await this.prisma.session.create({
      data: { uuid, accountUuid, userUuid: accountUuid, expiredDate },
    });

    return uuid;
  }

  async adminSession(): Promise<string> {
    const admin = await this.account({ type: 'SystemAdmin' });

    return this.session(admin.uuid);
  }

  async storageType(
    type: string,
    abilities: {
      liveMigration: 'supported' | 'unsupported' | 'withStorage';
      volumeMigrationStopped: boolean;
      volumeMigrationRunning: boolean;
      memorySnapshot: boolean;
    },
  ): Promise<void> {
    await this.prisma.storageType.upsert({
      where: { type },
      create: { type, ...abilities },
      update: abilities,
    });
  }

  async allowLiveMigrationWithStorage(allow: boolean): Promise<void> {
    await this.prisma.globalConfig.update({
      where: {
        category_name: {
          category: 'localStoragePrimaryStorage',
          name: 'liveMigrationWithStorage.allow',
        },
      },
      data: { value: String(allow) },
    });
  }

  /** A VM with its root volume, storage, image, other volumes and CD-ROMs; returns its uuid. */
  async vm(options: VmOptions = {}): Promise<string> {
    const uuid = newUuid();
    const storageType = options.storageType === undefined ? 'NFS' : options.storageType;
    const storageUuid = newUuid();
    const rootVolumeUuid = storageType === null ? null : newUuid();
    const imageUuid = options.image === null ? null : newUuid();

    if (storageType !== null) {
      await this.prisma.primaryStorage.create({
        data: { uuid: storageUuid, name: `ps-${storageType}`, type: storageType },
      });
    }

    if (imageUuid && options.image !== 'deleted') {
      await this.prisma.image.create({
        data: { uuid: imageUuid, name: 'image', mediaType: options.image ?? 'RootVolumeTemplate' },
      });
    }

    await this.prisma.vmInstance.create({
      data: {
        uuid,
        name: `vm-${uuid.slice(0, 8)}`,
        state: options.state ?? 'Running',
        platform: options.platform === undefined ? 'Linux' : options.platform,
        imageUuid,
        rootVolumeUuid,
      },
    });

    const volumes = [
      ...(rootVolumeUuid
        ? [{ uuid: rootVolumeUuid, type: 'Root', attached: !options.rootVolumeDetached }]
        : []),
      ...Array.from({ length: options.dataVolumes ?? 0 }, () => ({
        uuid: newUuid(),
        type: 'Data',
        attached: true,
      })),
      ...(options.otherVolumes ?? []).map((type) => ({ uuid: newUuid(), type, attached: true })),
    ];
    await this.prisma.volume.createMany({
      data: volumes.map((volume) => ({
        uuid: volume.uuid,
        name: `${volume.type}-volume`,
        type: volume.type,
        vmInstanceUuid: volume.attached ? uuid : null,
        primaryStorageUuid: storageType === null ? null : storageUuid,
      })),
    });
    await this.prisma.vmCdRom.createMany({
      data: (options.cdRoms ?? []).map((content, deviceId) => ({
        uuid: newUuid(),
        name: `cdrom-${deviceId}`,
        vmInstanceUuid: uuid,
        deviceId,
        isoUuid: content === 'iso' ? newUuid() : null,
      })),
    });

    const accounts = [options.owner, ...(options.sharedWith ?? [])].filter((a) => a !== undefined);
    await this.prisma.accountResourceRef.createMany({
      data: accounts.map((accountUuid) => ({
        accountUuid,
        ownerAccountUuid: options.owner ?? accountUuid,
        resourceUuid: uuid,
        resourceType: 'VmInstanceVO',
        isShared: accountUuid !== options.owner,
      })),
    });

    return uuid;
  }
}
