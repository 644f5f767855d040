import { Injectable, Logger } from '@nestjs/common';

import { createHash } from 'node:crypto';

import { PasswordHasher } from '../auth/password-hasher';
import { PrismaService } from '../database/prisma.service';

import {
  DEMO_ADMIN,
  DEMO_IMAGES,
  DEMO_PRIMARY_STORAGES,
  DEMO_STORAGE_TYPES,
  DEMO_VMS,
} from './demo-inventory';

/** A demo record's uuid derived from its VM's, so that loading twice changes nothing. */
const related = (prefix: string, vmUuid: string): string => prefix + vmUuid.slice(prefix.length);

/** Loads the demo inventory; safe to run any number of times. */
@Injectable()
export class DemoInventoryService {
  private readonly logger = new Logger(DemoInventoryService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly hasher: PasswordHasher,
  ) {}

  async load(): Promise<void> {
    await this.loadAdmin();

    await this.prisma.$transaction(async (tx) => {
      for (const storageType of DEMO_STORAGE_TYPES) {
        await tx.storageType.upsert({
          where: { type: storageType.type },
          create: storageType,
          update: {},
        });
      }

      for (const storage of DEMO_PRIMARY_STORAGES) {
        await tx.primaryStorage.upsert({
          where: { uuid: storage.uuid },
          create: storage,
          update: storage,
        });
      }

      for (const image of DEMO_IMAGES) {
        await tx.image.upsert({ where: { uuid: image.uuid }, create: image, update: image });
      }

      for (const vm of DEMO_VMS) {
        const rootVolumeUuid = vm.rootStorageUuid ? related('e', vm.uuid) : null;
        const record = {
          uuid: vm.uuid,
          name: vm.name,
          state: vm.state,
          platform: vm.platform,
          imageUuid: vm.imageUuid,
          rootVolumeUuid,
          hypervisorType: 'KVM',
          type: 'UserVm',
        };
        await tx.vmInstance.upsert({ where: { uuid: vm.uuid }, create: record, update: record });

        const volumes = [
          rootVolumeUuid && { uuid: rootVolumeUuid, type: 'Root', storage: vm.rootStorageUuid },
          vm.dataVolumes && {
            uuid: related('f', vm.uuid),
            type: 'Data',
            storage: vm.rootStorageUuid,
          },
        ].filter((volume) => !!volume);

        for (const volume of volumes) {
          const data = {
            uuid: volume.uuid,
            name: `${vm.name}-${volume.type.toLowerCase()}`,
            type: volume.type,
            vmInstanceUuid: vm.uuid,
            primaryStorageUuid: volume.storage,
          };
          await tx.volume.upsert({ where: { uuid: volume.uuid }, create: data, update: data });
        }

        const cdRom = {
          uuid: related('9', vm.uuid),
          name: `${vm.name}-cdrom`,
          vmInstanceUuid: vm.uuid,
          deviceId: 0,
          isoUuid: vm.isoInCdRom ? DEMO_IMAGES[1].uuid : null,
        };
        await tx.vmCdRom.upsert({ where: { uuid: cdRom.uuid }, create: cdRom, update: cdRom });
      }
    });

    this.logger.log(`demo inventory loaded: ${DEMO_VMS.length} VMs`);
  }

  /** The admin account keeps whatever password an operator has since set. */
  private async loadAdmin(): Promise<void> {
    const exists = await this.prisma.account.count({ where: { uuid: DEMO_ADMIN.uuid } });

    if (exists > 0) {
      return;
    }

    // ZStack clients send the SHA-512 hex digest of the password, and that is what is hashed.
    const digest = createHash('sha512').update(DEMO_ADMIN.password).digest('hex');
    await this.prisma.account.upsert({
      where: { uuid: DEMO_ADMIN.uuid },
      create: {
        uuid: DEMO_ADMIN.uuid,
        name: DEMO_ADMIN.name,
        type: 'SystemAdmin',
        passwordHash: await this.hasher.hash(digest),
      },
      update: {},
    });
  }
}
