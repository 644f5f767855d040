/** The ZStack query APIs whose answers the import reads, one kind of file each. */
export const INVENTORY_KINDS = {
  vm: 'QueryVmInstance',
  volume: 'QueryVolume',
  primaryStorage: 'QueryPrimaryStorage',
  image: 'QueryImage',
  account: 'QueryAccount',
  accountResourceRef: 'QueryAccountResourceRef',
} as const;

export type InventoryKind = keyof typeof INVENTORY_KINDS;

/** What `--kind` accepts for each kind, besides ZStack's API and record names. */
const KIND_NAMES: Record<string, InventoryKind> = {
  vm: 'vm',
  vminstance: 'vm',
  volume: 'volume',
  primarystorage: 'primaryStorage',
  'primary-storage': 'primaryStorage',
  image: 'image',
  account: 'account',
  accountresourceref: 'accountResourceRef',
  'account-resource-ref': 'accountResourceRef',
};

/** The kind a `--kind` value names (`vm`, `primary-storage`, `QueryVmInstance`, ...), if any. */
export function kindNamed(name: string): InventoryKind | undefined {
  const plain = name.toLowerCase().replace(/^query/, '');

  return KIND_NAMES[plain];
}

const ACCOUNT_TYPES = new Set(['SystemAdmin', 'Normal', 'ThirdParty']);

const has = (record: Record<string, unknown>, ...fields: string[]) =>
  fields.some((field) => record[field] !== undefined);

/**
 * The kind of a record, from the fields only its inventory carries; undefined when
 * they do not tell (then `--kind` names it). A VM carries its volumes and CD-ROMs
 * or the uuids of its root volume and offering; a volume its sharing flag or its
 * storage, format and type; a primary storage its capacities or mount path; an
 * image its media type; an ownership record a resource uuid and type. An account
 * has nothing of its own, so it is told by its type being one of ZStack's.
 */
export function detectKind(record: unknown): InventoryKind | undefined {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    return undefined;
  }

  const fields = record as Record<string, unknown>;

  if (has(fields, 'allVolumes', 'vmCdRoms', 'vmNics', 'rootVolumeUuid', 'instanceOfferingUuid')) {
    return 'vm';
  }

  if (has(fields, 'resourceUuid') && has(fields, 'resourceType')) {
    return 'accountResourceRef';
  }

  if (has(fields, 'mediaType', 'backupStorageRefs', 'md5Sum')) {
    return 'image';
  }

  if (
    has(fields, 'isShareable', 'diskOfferingUuid', 'rootImageUuid') ||
    (has(fields, 'primaryStorageUuid') && has(fields, 'type') && has(fields, 'format'))
  ) {
    return 'volume';
  }

  if (
    has(fields, 'attachedClusterUuids', 'mountPath', 'totalPhysicalCapacity') ||
    (has(fields, 'totalCapacity', 'availableCapacity') && has(fields, 'type'))
  ) {
    return 'primaryStorage';
  }

  if (typeof fields.type === 'string' && ACCOUNT_TYPES.has(fields.type) && has(fields, 'name')) {
    return 'account';
  }

  return undefined;
}
