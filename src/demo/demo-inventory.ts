/**
 * The demo inventory: ZStack's documented example VM, and beside it a handful
 * of VMs that between them take every branch of the four capability rules.
 * Each line says what the VM answers with the global setting at its default.
 */
export const DEMO_ADMIN = {
  uuid: '36c27e8ff05c4780bf6d2fa65700f22e',
  name: 'admin',
  /** The demo password; clients send its SHA-512 hex digest. */
  password: 'password',
};

export const DEMO_STORAGE_TYPES = [
  {
    type: 'SharedBlock',
    liveMigration: 'supported',
    volumeMigrationStopped: true,
    volumeMigrationRunning: true,
    memorySnapshot: false,
    description: 'ZStack shared block storage, in editions with live storage migration',
  },
] as const;

export const DEMO_PRIMARY_STORAGES = [
  { uuid: 'a0000000000000000000000000000001', name: 'local-1', type: 'LocalStorage' },
  { uuid: 'a0000000000000000000000000000002', name: 'nfs-1', type: 'NFS' },
  { uuid: 'a0000000000000000000000000000003', name: 'ceph-1', type: 'Ceph' },
  { uuid: 'a0000000000000000000000000000004', name: 'smp-1', type: 'SharedMountPoint' },
  { uuid: 'a0000000000000000000000000000005', name: 'sblk-1', type: 'SharedBlock' },
  { uuid: 'a0000000000000000000000000000006', name: 'zbs-1', type: 'ZBS' },
];

export const DEMO_IMAGES = [
  { uuid: 'b0000000000000000000000000000001', name: 'centos-7', mediaType: 'RootVolumeTemplate' },
  { uuid: 'b0000000000000000000000000000002', name: 'ubuntu-iso', mediaType: 'ISO' },
];

interface DemoVm {
  uuid: string;
  name: string;
  state: string;
  platform: string;
  imageUuid: string | null;
  /** The primary storage of the root volume; null for a VM without one. */
  rootStorageUuid: string | null;
  dataVolumes?: number;
  isoInCdRom?: boolean;
}

const LOCAL = 'a0000000000000000000000000000001';
const NFS = 'a0000000000000000000000000000002';
const CEPH = 'a0000000000000000000000000000003';
const SMP = 'a0000000000000000000000000000004';
const SHARED_BLOCK = 'a0000000000000000000000000000005';
const UNREGISTERED = 'a0000000000000000000000000000006';
const TEMPLATE = 'b0000000000000000000000000000001';
const ISO = 'b0000000000000000000000000000002';
const DELETED_IMAGE = 'b00000000000000000000000000000ff';

export const DEMO_VMS: DemoVm[] = [
  // The documented example: true, true, true, false.
  {
    uuid: '68e8ed0735333faab95816b3e8596cea',
    name: 'documented-example',
    state: 'Running',
    platform: 'Linux',
    imageUuid: TEMPLATE,
    rootStorageUuid: SHARED_BLOCK,
  },
  // Shared storage, Running: live migration only.
  {
    uuid: 'c0000000000000000000000000000001',
    name: 'nfs-running',
    state: 'Running',
    platform: 'Linux',
    imageUuid: TEMPLATE,
    rootStorageUuid: NFS,
  },
  {
    uuid: 'c0000000000000000000000000000002',
    name: 'ceph-running-from-iso',
    state: 'Running',
    platform: 'Linux',
    imageUuid: ISO,
    rootStorageUuid: CEPH,
  },
  {
    uuid: 'c0000000000000000000000000000003',
    name: 'smp-stopped',
    state: 'Stopped',
    platform: 'Windows',
    imageUuid: TEMPLATE,
    rootStorageUuid: SMP,
  },
  // Local storage: volumes move while stopped; live migration needs the global setting.
  {
    uuid: 'c0000000000000000000000000000004',
    name: 'local-stopped',
    state: 'Stopped',
    platform: 'Linux',
    imageUuid: TEMPLATE,
    rootStorageUuid: LOCAL,
  },
  {
    uuid: 'c0000000000000000000000000000005',
    name: 'local-running-single-disk',
    state: 'Running',
    platform: 'Linux',
    imageUuid: TEMPLATE,
    rootStorageUuid: LOCAL,
  },
  {
    uuid: 'c0000000000000000000000000000006',
    name: 'local-running-with-data-volume',
    state: 'Running',
    platform: 'Linux',
    imageUuid: TEMPLATE,
    rootStorageUuid: LOCAL,
    dataVolumes: 1,
  },
  {
    uuid: 'c0000000000000000000000000000007',
    name: 'local-running-windows',
    state: 'Running',
    platform: 'Windows',
    imageUuid: TEMPLATE,
    rootStorageUuid: LOCAL,
  },
  {
    uuid: 'c0000000000000000000000000000008',
    name: 'local-running-iso-in-cdrom',
    state: 'Running',
    platform: 'Linux',
    imageUuid: TEMPLATE,
    rootStorageUuid: LOCAL,
    isoInCdRom: true,
  },
  // Neither Running nor Stopped: nothing moves; reimage depends on the image alone.
  {
    uuid: 'c0000000000000000000000000000009',
    name: 'nfs-paused',
    state: 'Paused',
    platform: 'Linux',
    imageUuid: TEMPLATE,
    rootStorageUuid: NFS,
  },
  {
    uuid: 'c000000000000000000000000000000a',
    name: 'nfs-destroyed',
    state: 'Destroyed',
    platform: 'Linux',
    imageUuid: TEMPLATE,
    rootStorageUuid: NFS,
  },
  {
    uuid: 'c000000000000000000000000000000b',
    name: 'sblk-stopped-image-deleted',
    state: 'Stopped',
    platform: 'Linux',
    imageUuid: DELETED_IMAGE,
    rootStorageUuid: SHARED_BLOCK,
  },
  {
    uuid: 'c000000000000000000000000000000c',
    name: 'no-root-volume',
    state: 'Stopped',
    platform: 'Linux',
    imageUuid: null,
    rootStorageUuid: null,
  },
  // Root volume on a type the registry does not know: the call answers SYS.1000.
  {
    uuid: 'c000000000000000000000000000000d',
    name: 'unregistered-storage',
    state: 'Running',
    platform: 'Linux',
    imageUuid: TEMPLATE,
    rootStorageUuid: UNREGISTERED,
  },
];
