import { UnregisteredStorageTypeException } from './unregistered-storage-type.exception';
import { StorageAbilities, VmFacts } from './vm-facts';

/** The four flags of ZStack's GetVmsCapabilities, in its field names. */
export interface VmCapabilities {
  supportLiveMigration: boolean;
  supportMemorySnapshot: boolean;
  supportReimage: boolean;
  supportVolumeMigration: boolean;
}

/** The storage abilities of a VM's root volume; null when it has no root volume. */
function rootStorage(vm: VmFacts): StorageAbilities | null {
  if (!vm.rootVolume) {
    return null;
  }

  if (!vm.rootVolume.storage) {
    throw new UnregisteredStorageTypeException(vm.rootVolume.storageType);
  }

  return vm.rootVolume.storage;
}

/**
 * Live migration copying the disks along (LocalStorage) is allowed only when the
 * global setting says so, and only for a Linux VM with a single disk and no ISO.
 */
function canLiveMigrateWithStorage(vm: VmFacts): boolean {
  return (
    vm.liveMigrationWithStorageAllowed &&
    vm.diskVolumeCount === 1 &&
    vm.platform === 'Linux' &&
    !vm.hasIsoAttached
  );
}

export function supportsLiveMigration(vm: VmFacts): boolean {
  const storage = rootStorage(vm);

  if (!storage || vm.state !== 'Running') {
    return false;
  }

  switch (storage.liveMigration) {
    case 'supported':
      return true;
    case 'withStorage':
      return canLiveMigrateWithStorage(vm);
    default:
      return false;
  }
}

export function supportsVolumeMigration(vm: VmFacts): boolean {
  const storage = rootStorage(vm);

  if (!storage) {
    return false;
  }

  switch (vm.state) {
    case 'Stopped':
      return storage.volumeMigrationStopped;
    case 'Running':
      return storage.volumeMigrationRunning;
    default:
      return false;
  }
}

/** The state does not matter: only an image that still exists and is not an ISO. */
export function supportsReimage(vm: VmFacts): boolean {
  return vm.imageExists && vm.imageMediaType !== 'ISO';
}

export function supportsMemorySnapshot(vm: VmFacts): boolean {
  return rootStorage(vm)?.memorySnapshot ?? false;
}

export function decideCapabilities(vm: VmFacts): VmCapabilities {
  return {
    supportLiveMigration: supportsLiveMigration(vm),
    supportVolumeMigration: supportsVolumeMigration(vm),
    supportReimage: supportsReimage(vm),
    supportMemorySnapshot: supportsMemorySnapshot(vm),
  };
}
