/** How a field of ZStack's JSON is checked and which column type it lands in. */
export type ColumnType = 'uuid' | 'text' | 'integer' | 'bigint' | 'boolean' | 'date';

export interface ColumnSpec {
  column: string;
  /** The field of ZStack's inventory the column is read from. */
  field: string;
  type: ColumnType;
  /** The varchar length, checked before writing so that a long value names its record. */
  length?: number;
  required?: boolean;
  /** The value of an absent field, for a column that may not be null. */
  fallback?: string | number | boolean;
  /** The SQL that gives the column from the staged row `s`, when it is not the staged value. */
  resolve?: string;
}

export type InventoryTable =
  | 'account'
  | 'account_resource_ref'
  | 'primary_storage'
  | 'image'
  | 'vm_instance'
  | 'volume'
  | 'vm_cd_rom';

export interface TableSpec {
  table: InventoryTable;
  /** ZStack's name for the records, as the summary prints it. */
  label: string;
  key: readonly string[];
  columns: readonly ColumnSpec[];
  /** Columns that are unique in the table besides the key, checked before the merge. */
  unique?: readonly string[];
  /** Columns of the staged rows that the merge looks rows up by. */
  stageIndexes?: readonly string[];
}

const uuid = (column: string, field: string, required = false): ColumnSpec => ({
  column,
  field,
  type: 'uuid',
  required,
});
const text = (column: string, field: string, length: number, more: Partial<ColumnSpec> = {}) =>
  ({ column, field, type: 'text', length, ...more }) satisfies ColumnSpec;
const bigint = (column: string, field: string): ColumnSpec => ({ column, field, type: 'bigint' });
const integer = (column: string, field: string, more: Partial<ColumnSpec> = {}): ColumnSpec => ({
  column,
  field,
  type: 'integer',
  ...more,
});
const dates: ColumnSpec[] = [
  { column: 'create_date', field: 'createDate', type: 'date' },
  { column: 'last_op_date', field: 'lastOpDate', type: 'date' },
];

/**
 * Every inventory table the import writes, in the order it merges them, with the
 * ZStack fields that have a column. Fields without one are ignored.
 */
export const TABLES: readonly TableSpec[] = [
  {
    table: 'account',
    label: 'Account',
    key: ['uuid'],
    unique: ['name'],
    columns: [
      uuid('uuid', 'uuid', true),
      text('name', 'name', 255, { required: true }),
      text('type', 'type', 32, { fallback: 'Normal' }),
      text('state', 'state', 32, { fallback: 'Enabled' }),
      text('description', 'description', 2048),
      ...dates,
    ],
  },
  {
    table: 'account_resource_ref',
    label: 'AccountResourceRef',
    key: ['account_uuid', 'resource_uuid'],
    stageIndexes: ['resource_uuid'],
    columns: [
      uuid('account_uuid', 'accountUuid', true),
      uuid('resource_uuid', 'resourceUuid', true),
      text('resource_type', 'resourceType', 255, { required: true }),
      // Older ZStack releases hide these three from the API; the mapping derives them then,
      // and the owner of a shared resource is the account of its owning record.
      {
        ...uuid('owner_account_uuid', 'ownerAccountUuid'),
        resolve: `COALESCE(s.owner_account_uuid,
          (SELECT o.account_uuid FROM import_account_resource_ref o
            WHERE o.resource_uuid = s.resource_uuid AND NOT o.is_shared LIMIT 1),
          (SELECT r.account_uuid FROM account_resource_ref r
            WHERE r.resource_uuid = s.resource_uuid AND NOT r.is_shared LIMIT 1),
          s.account_uuid)`,
      },
      integer('permission', 'permission', { fallback: 2 }),
      { column: 'is_shared', field: 'isShared', type: 'boolean' },
      ...dates,
    ],
  },
  {
    table: 'primary_storage',
    label: 'PrimaryStorage',
    key: ['uuid'],
    columns: [
      uuid('uuid', 'uuid', true),
      text('name', 'name', 255, { required: true }),
      text('description', 'description', 2048),
      uuid('zone_uuid', 'zoneUuid'),
      text('url', 'url', 2048),
      text('type', 'type', 255, { required: true }),
      text('mount_path', 'mountPath', 2048),
      text('state', 'state', 64, { fallback: 'Enabled' }),
      text('status', 'status', 64, { fallback: 'Connected' }),
      bigint('total_capacity', 'totalCapacity'),
      bigint('available_capacity', 'availableCapacity'),
      ...dates,
    ],
  },
  {
    table: 'image',
    label: 'Image',
    key: ['uuid'],
    columns: [
      uuid('uuid', 'uuid', true),
      text('name', 'name', 255, { required: true }),
      text('description', 'description', 2048),
      text('media_type', 'mediaType', 64),
      text('format', 'format', 64),
      text('platform', 'platform', 255),
      text('architecture', 'architecture', 32),
      text('guest_os_type', 'guestOsType', 255),
      text('url', 'url', 2048),
      bigint('size', 'size'),
      bigint('actual_size', 'actualSize'),
      text('state', 'state', 64, { fallback: 'Enabled' }),
      text('status', 'status', 64, { fallback: 'Ready' }),
      { column: 'system', field: 'system', type: 'boolean', fallback: false },
      ...dates,
    ],
  },
  {
    table: 'vm_instance',
    label: 'VmInstance',
    key: ['uuid'],
    columns: [
      uuid('uuid', 'uuid', true),
      text('name', 'name', 255, { required: true }),
      text('description', 'description', 2048),
      uuid('zone_uuid', 'zoneUuid'),
      uuid('cluster_uuid', 'clusterUuid'),
      uuid('host_uuid', 'hostUuid'),
      uuid('last_host_uuid', 'lastHostUuid'),
      uuid('image_uuid', 'imageUuid'),
      uuid('instance_offering_uuid', 'instanceOfferingUuid'),
      uuid('root_volume_uuid', 'rootVolumeUuid'),
      text('platform', 'platform', 255),
      text('architecture', 'architecture', 32),
      text('guest_os_type', 'guestOsType', 255),
      text('hypervisor_type', 'hypervisorType', 64),
      text('type', 'type', 64, { fallback: 'UserVm' }),
      text('state', 'state', 64, { required: true }),
      integer('cpu_num', 'cpuNum'),
      bigint('memory_size', 'memorySize'),
      ...dates,
    ],
  },
  {
    table: 'volume',
    label: 'Volume',
    key: ['uuid'],
    columns: [
      uuid('uuid', 'uuid', true),
      text('name', 'name', 255, { required: true }),
      text('description', 'description', 2048),
      uuid('primary_storage_uuid', 'primaryStorageUuid'),
      uuid('vm_instance_uuid', 'vmInstanceUuid'),
      uuid('disk_offering_uuid', 'diskOfferingUuid'),
      uuid('root_image_uuid', 'rootImageUuid'),
      text('install_path', 'installPath', 2048),
      text('type', 'type', 64, { required: true }),
      text('format', 'format', 64),
      bigint('size', 'size'),
      bigint('actual_size', 'actualSize'),
      integer('device_id', 'deviceId'),
      text('state', 'state', 64, { fallback: 'Enabled' }),
      text('status', 'status', 64, { fallback: 'Ready' }),
      { column: 'is_shareable', field: 'isShareable', type: 'boolean', fallback: false },
      ...dates,
    ],
  },
  {
    table: 'vm_cd_rom',
    label: 'VmCdRom',
    key: ['uuid'],
    columns: [
      uuid('uuid', 'uuid', true),
      uuid('vm_instance_uuid', 'vmInstanceUuid', true),
      integer('device_id', 'deviceId', { required: true }),
      uuid('iso_uuid', 'isoUuid'),
      text('iso_install_path', 'isoInstallPath', 2048),
      text('name', 'name', 255, { fallback: '' }),
      text('description', 'description', 2048),
      ...dates,
    ],
  },
];

const BY_TABLE = new Map(TABLES.map((spec) => [spec.table, spec]));

export function tableSpec(table: InventoryTable): TableSpec {
  return BY_TABLE.get(table)!;
}
