import {
  decideCapabilities,
  supportsLiveMigration,
  supportsMemorySnapshot,
  supportsReimage,
  supportsVolumeMigration,
} from './capability-rules';
import { UnregisteredStorageTypeException } from './unregistered-storage-type.exception';
import { RootVolumeFacts, StorageAbilities, VmFacts } from './vm-facts';

/** The seeded registry rows, plus rows an operator could add. */
const registry = {
  LocalStorage: {
    liveMigration: 'withStorage',
    volumeMigrationStopped: true,
    volumeMigrationRunning: false,
    memorySnapshot: false,
  },
  NFS: {
    liveMigration: 'supported',
    volumeMigrationStopped: false,
    volumeMigrationRunning: false,
    memorySnapshot: false,
  },
  Ceph: {
    liveMigration: 'supported',
    volumeMigrationStopped: false,
    volumeMigrationRunning: false,
    memorySnapshot: false,
  },
  SharedMountPoint: {
    liveMigration: 'supported',
    volumeMigrationStopped: false,
    volumeMigrationRunning: false,
    memorySnapshot: false,
  },
  SharedBlock: {
    liveMigration: 'supported',
    volumeMigrationStopped: true,
    volumeMigrationRunning: true,
    memorySnapshot: false,
  },
  Pinned: {
    liveMigration: 'unsupported',
    volumeMigrationStopped: false,
    volumeMigrationRunning: false,
    memorySnapshot: false,
  },
  Snapshotting: {
    liveMigration: 'supported',
    volumeMigrationStopped: false,
    volumeMigrationRunning: false,
    memorySnapshot: true,
  },
  Everything: {
    liveMigration: 'supported',
    volumeMigrationStopped: true,
    volumeMigrationRunning: true,
    memorySnapshot: true,
  },
} satisfies Record<string, StorageAbilities>;

type RegisteredType = keyof typeof registry;

/** A root volume on a registered storage type. */
function rootOn(storageType: RegisteredType): RootVolumeFacts {
  return { storageType, storage: registry[storageType] };
}

/** A Running Linux VM with one disk on NFS, made from a RootVolumeTemplate image. */
function vmFacts(overrides: Partial<VmFacts> = {}): VmFacts {
  return {
    uuid: '6f1bd1e0a4d94c8f9c5e2b7a3d0f4e11',
    state: 'Running',
    platform: 'Linux',
    diskVolumeCount: 1,
    hasIsoAttached: false,
    imageExists: true,
    imageMediaType: 'RootVolumeTemplate',
    liveMigrationWithStorageAllowed: false,
    rootVolume: rootOn('NFS'),
    ...overrides,
  };
}

/** A Running VM on LocalStorage that meets every condition of live migration with storage. */
function localStorageVmReadyToMigrate(overrides: Partial<VmFacts> = {}): VmFacts {
  return vmFacts({
    rootVolume: rootOn('LocalStorage'),
    liveMigrationWithStorageAllowed: true,
    ...overrides,
  });
}

const notRunningStates = ['Stopped', 'Paused', 'Migrating', 'Starting', 'Destroyed', 'Unknown'];

describe('supportsLiveMigration', () => {
  it('answers false for a VM without a root volume', () => {
    expect(supportsLiveMigration(vmFacts({ rootVolume: null }))).toBe(false);
  });

  it.each(notRunningStates)('answers false for a VM that is not Running (%s)', (state) => {
    expect(supportsLiveMigration(vmFacts({ state }))).toBe(false);
    expect(supportsLiveMigration(localStorageVmReadyToMigrate({ state }))).toBe(false);
  });

  it.each<RegisteredType>(['NFS', 'Ceph', 'SharedMountPoint'])(
    'answers true for a Running VM whose root is on %s, where live migration is supported',
    (type) => {
      expect(supportsLiveMigration(vmFacts({ rootVolume: rootOn(type) }))).toBe(true);
    },
  );

  it('ignores the with-storage conditions when live migration is simply supported', () => {
    const vm = vmFacts({
      rootVolume: rootOn('NFS'),
      liveMigrationWithStorageAllowed: false,
      diskVolumeCount: 3,
      platform: 'Windows',
      hasIsoAttached: true,
    });

    expect(supportsLiveMigration(vm)).toBe(true);
  });

  it('answers false when the root storage type does not support live migration', () => {
    expect(supportsLiveMigration(vmFacts({ rootVolume: rootOn('Pinned') }))).toBe(false);
  });

  describe('when the root storage type migrates with storage (LocalStorage)', () => {
    it('answers false while the global setting does not allow it', () => {
      const vm = localStorageVmReadyToMigrate({ liveMigrationWithStorageAllowed: false });

      expect(supportsLiveMigration(vm)).toBe(false);
    });

    it('answers true when allowed for a Linux VM with one disk and no ISO', () => {
      expect(supportsLiveMigration(localStorageVmReadyToMigrate())).toBe(true);
    });

    it.each<[string, Partial<VmFacts>]>([
      ['it has two Root/Data volumes', { diskVolumeCount: 2 }],
      ['its platform is Windows', { platform: 'Windows' }],
      ['it has no platform', { platform: null }],
      ['its platform is not exactly Linux (linux)', { platform: 'linux' }],
      ['an ISO is attached to one of its CD-ROMs', { hasIsoAttached: true }],
    ])('answers false when allowed but %s', (_condition, broken) => {
      expect(supportsLiveMigration(localStorageVmReadyToMigrate(broken))).toBe(false);
    });
  });
});

describe('supportsVolumeMigration', () => {
  it('answers false for a VM without a root volume', () => {
    const vm = vmFacts({ state: 'Stopped', rootVolume: null });

    expect(supportsVolumeMigration(vm)).toBe(false);
  });

  it.each<[RegisteredType, boolean]>([
    ['LocalStorage', true],
    ['NFS', false],
    ['Ceph', false],
    ['SharedMountPoint', false],
    ['SharedBlock', true],
  ])('answers the stopped ability for a Stopped VM on %s (%s)', (type, expected) => {
    const vm = vmFacts({ state: 'Stopped', rootVolume: rootOn(type) });

    expect(supportsVolumeMigration(vm)).toBe(expected);
  });

  it.each<[RegisteredType, boolean]>([
    ['LocalStorage', false],
    ['NFS', false],
    ['SharedBlock', true],
  ])('answers the running ability for a Running VM on %s (%s)', (type, expected) => {
    const vm = vmFacts({ state: 'Running', rootVolume: rootOn(type) });

    expect(supportsVolumeMigration(vm)).toBe(expected);
  });

  it.each(['Paused', 'Migrating', 'Starting', 'Destroyed', 'Unknown'])(
    'answers false for a %s VM even when its storage can migrate volumes in any state',
    (state) => {
      const vm = vmFacts({ state, rootVolume: rootOn('Everything') });

      expect(supportsVolumeMigration(vm)).toBe(false);
    },
  );
});

describe('supportsReimage', () => {
  it('answers false for a VM without an image', () => {
    const vm = vmFacts({ imageExists: false, imageMediaType: null });

    expect(supportsReimage(vm)).toBe(false);
  });

  it('answers false when the image is no longer in the inventory', () => {
    const vm = vmFacts({ imageExists: false, imageMediaType: 'RootVolumeTemplate' });

    expect(supportsReimage(vm)).toBe(false);
  });

  it('answers false when the image is an ISO', () => {
    expect(supportsReimage(vmFacts({ imageMediaType: 'ISO' }))).toBe(false);
  });

  it.each(['RootVolumeTemplate', 'DataVolumeTemplate', null])(
    'answers true for an existing image whose media type is %s',
    (imageMediaType) => {
      expect(supportsReimage(vmFacts({ imageMediaType }))).toBe(true);
    },
  );

  it.each(['Destroyed', 'Stopped', 'Unknown'])(
    'answers true whatever the state of the VM (%s)',
    (state) => {
      expect(supportsReimage(vmFacts({ state }))).toBe(true);
    },
  );
});

describe('supportsMemorySnapshot', () => {
  it.each<RegisteredType>(['LocalStorage', 'NFS', 'Ceph', 'SharedMountPoint', 'SharedBlock'])(
    'answers false when %s is not registered as supporting memory snapshots',
    (type) => {
      expect(supportsMemorySnapshot(vmFacts({ rootVolume: rootOn(type) }))).toBe(false);
    },
  );

  it('answers true when the root storage type is registered as supporting memory snapshots', () => {
    expect(supportsMemorySnapshot(vmFacts({ rootVolume: rootOn('Snapshotting') }))).toBe(true);
  });

  it('answers false for a VM without a root volume', () => {
    expect(supportsMemorySnapshot(vmFacts({ rootVolume: null }))).toBe(false);
  });
});

describe('decideCapabilities', () => {
  it.each<[string, VmFacts, ReturnType<typeof decideCapabilities>]>([
    [
      'a Running VM on LocalStorage with the global setting off',
      vmFacts({ rootVolume: rootOn('LocalStorage') }),
      {
        supportLiveMigration: false,
        supportVolumeMigration: false,
        supportReimage: true,
        supportMemorySnapshot: false,
      },
    ],
    [
      'a Stopped VM on LocalStorage',
      vmFacts({ state: 'Stopped', rootVolume: rootOn('LocalStorage') }),
      {
        supportLiveMigration: false,
        supportVolumeMigration: true,
        supportReimage: true,
        supportMemorySnapshot: false,
      },
    ],
    [
      'a Running VM on LocalStorage ready to migrate with storage',
      localStorageVmReadyToMigrate(),
      {
        supportLiveMigration: true,
        supportVolumeMigration: false,
        supportReimage: true,
        supportMemorySnapshot: false,
      },
    ],
    ...(['NFS', 'Ceph', 'SharedMountPoint'] as const).map(
      (type): [string, VmFacts, ReturnType<typeof decideCapabilities>] => [
        `a Running VM on ${type}`,
        vmFacts({ rootVolume: rootOn(type) }),
        {
          supportLiveMigration: true,
          supportVolumeMigration: false,
          supportReimage: true,
          supportMemorySnapshot: false,
        },
      ],
    ),
    [
      'a Running VM on SharedBlock',
      vmFacts({ rootVolume: rootOn('SharedBlock') }),
      {
        supportLiveMigration: true,
        supportVolumeMigration: true,
        supportReimage: true,
        supportMemorySnapshot: false,
      },
    ],
    [
      'a Destroyed VM made from an ISO on NFS',
      vmFacts({ state: 'Destroyed', imageMediaType: 'ISO' }),
      {
        supportLiveMigration: false,
        supportVolumeMigration: false,
        supportReimage: false,
        supportMemorySnapshot: false,
      },
    ],
    [
      'a Stopped VM without a root volume whose image still exists',
      vmFacts({ state: 'Stopped', rootVolume: null }),
      {
        supportLiveMigration: false,
        supportVolumeMigration: false,
        supportReimage: true,
        supportMemorySnapshot: false,
      },
    ],
  ])('answers the four flags for %s', (_description, vm, expected) => {
    expect(decideCapabilities(vm)).toStrictEqual(expected);
  });

  it.each(['Running', 'Stopped', 'Destroyed'])(
    'fails with SYS.1000 when the root is on a storage type that is not registered (%s VM)',
    (state) => {
      const vm = vmFacts({ state, rootVolume: { storageType: 'Foo', storage: null } });

      expect(() => decideCapabilities(vm)).toThrow(UnregisteredStorageTypeException);
      expect(() => decideCapabilities(vm)).toThrow(
        expect.objectContaining({
          code: 'SYS.1000',
          details: 'primary storage type Foo is not registered',
        }),
      );
    },
  );
});
