export type LiveMigrationSupport = 'supported' | 'unsupported' | 'withStorage';

/** One row of the storage type registry: what a primary storage type can do. */
export interface StorageAbilities {
  liveMigration: LiveMigrationSupport;
  memorySnapshot: boolean;
  volumeMigrationRunning: boolean;
  volumeMigrationStopped: boolean;
}

/** The root volume of a VM, as far as the rules care. */
export interface RootVolumeFacts {
  /** The type of the primary storage that holds the root volume. */
  storageType: string;
  /** The registry row of that type; null when the type is not registered. */
  storage: StorageAbilities | null;
}

/** Everything the four capability rules read about one VM, loaded in one batch. */
export interface VmFacts {
  /** Root and Data volumes attached to the VM (Memory and Cache volumes are not counted). */
  diskVolumeCount: number;
  /** Whether any CD-ROM of the VM holds an ISO. */
  hasIsoAttached: boolean;
  /** The media type of the VM's image; null when it has none recorded or the image is gone. */
  imageMediaType: string | null;
  /** Whether the VM's image is still in the inventory. */
  imageExists: boolean;
  /** Global setting `localStoragePrimaryStorage / liveMigrationWithStorage.allow`. */
  liveMigrationWithStorageAllowed: boolean;
  platform: string | null;
  /** The VM's root volume, null when it has none or the volume is not attached to it. */
  rootVolume: RootVolumeFacts | null;
  state: string;
  uuid: string;
}
