import { canonicalUuid, isZStackUuid } from '../common/uuid';

import { InventoryKind } from './inventory-kinds';
import { ColumnSpec, InventoryTable, tableSpec } from './inventory-tables';
import { ZStackDateReader } from './zstack-date';

export type StagedValue = string | number | boolean | null;

/** One row for one table, with its values by column and where it was read. */
export interface StagedRow {
  table: InventoryTable;
  values: Record<string, StagedValue>;
  /** The file and position of the record, e.g. `vms.json inventories[3].allVolumes[1]`. */
  source: string;
}

/** A record the import refuses, with where in the record the fault is. */
export class RecordError extends Error {
  constructor(
    /** Where inside the record, e.g. `allVolumes[1]`; empty for the record itself. */
    readonly path: string,
    reason: string,
  ) {
    super(reason);
  }
}

const INT_MAX = 2_147_483_647;

type Fields = Record<string, unknown>;

/** Where a record, or a part of it, was read. */
interface Place {
  origin: string;
  path: string;
}

/**
 * Turns one ZStack inventory record into the rows it gives: a VM its own row, one
 * per volume in `allVolumes` and one per CD-ROM in `vmCdRoms`; every other kind one
 * row. Throws a RecordError naming the first fault.
 */
export class RecordMapper {
  constructor(private readonly dates: ZStackDateReader) {}

  /** `origin` names the record in messages: its file and its index in `inventories`. */
  map(kind: InventoryKind, record: unknown, origin: string): StagedRow[] {
    const place = { origin, path: '' };
    const fields = asObject(record, '');

    switch (kind) {
      case 'vm':
        return this.vm(fields, origin);
      case 'volume':
        return [this.row('volume', fields, place)];
      case 'primaryStorage':
        return [this.row('primary_storage', fields, place)];
      case 'image':
        return [this.row('image', fields, place)];
      case 'account':
        return [this.row('account', fields, place)];
      case 'accountResourceRef':
        return [this.accountResourceRef(fields, place)];
    }
  }

  private vm(fields: Fields, origin: string): StagedRow[] {
    const vm = this.row('vm_instance', fields, { origin, path: '' });
    const given = { vmInstanceUuid: vm.values.uuid };
    const attached = (list: string, table: InventoryTable): StagedRow[] =>
      asList(fields[list], list).map((item, index) => {
        const path = `${list}[${index}]`;

        // An entry that leaves out its VM is the VM's own, as the list it sits in says.
        return this.row(table, asObject(item, path), { origin, path }, given);
      });

    return [vm, ...attached('allVolumes', 'volume'), ...attached('vmCdRoms', 'vm_cd_rom')];
  }

  /**
   * Older ZStack releases answer only who may use a resource; newer ones say
   * whether the account owns it (`type` Own) or has it shared (Share, SharePublic).
   */
  private accountResourceRef(fields: Fields, place: Place): StagedRow {
    const row = this.row('account_resource_ref', fields, place);
    const type = fields.type;

    if (type !== undefined && type !== null && typeof type !== 'string') {
      throw new RecordError('', 'type is not a string');
    }

    if (row.values.is_shared === null) {
      row.values.is_shared = typeof type === 'string' && type !== 'Own';
    }

    // An owner left unsaid is the account itself for an owned resource; for a shared one
    // it stays empty here and the merge takes it from the resource's owning record.
    if (row.values.owner_account_uuid === null && row.values.is_shared === false) {
      row.values.owner_account_uuid = row.values.account_uuid;
    }

    return row;
  }

  private row(table: InventoryTable, fields: Fields, place: Place, given: Fields = {}): StagedRow {
    const values: Record<string, StagedValue> = {};

    for (const column of tableSpec(table).columns) {
      try {
        values[column.column] = this.value(column, fields[column.field] ?? given[column.field]);
      } catch (error) {
        throw new RecordError(place.path, `${column.field} ${(error as Error).message}`);
      }
    }

    return { table, values, source: place.path ? `${place.origin}.${place.path}` : place.origin };
  }

  private value(column: ColumnSpec, raw: unknown): StagedValue {
    if (raw === undefined || raw === null) {
      if (column.required) {
        throw new Error('is missing');
      }

      return column.fallback ?? null;
    }

    switch (column.type) {
      case 'uuid':
        if (!isZStackUuid(raw)) {
          throw new Error(`is not a uuid of 32 hex characters: ${JSON.stringify(raw)}`);
        }

        return canonicalUuid(raw);
      case 'text':
        if (typeof raw !== 'string') {
          throw new Error(`is not a string (a ${typeof raw})`);
        }

        if (column.length !== undefined && raw.length > column.length) {
          throw new Error(`is longer than ${column.length} characters`);
        }

        return raw;
      case 'integer':
        if (typeof raw !== 'number' || !Number.isInteger(raw) || Math.abs(raw) > INT_MAX) {
          throw new Error(`is not an integer: ${JSON.stringify(raw)}`);
        }

        return raw;
      case 'bigint':
        if (typeof raw !== 'number' || !Number.isSafeInteger(raw)) {
          throw new Error(`is not an integer: ${JSON.stringify(raw)}`);
        }

        return raw;
      case 'boolean':
        if (typeof raw !== 'boolean') {
          throw new Error(`is not true or false: ${JSON.stringify(raw)}`);
        }

        return raw;
      case 'date':
        return this.dates.read(raw);
    }
  }
}

function asObject(value: unknown, path: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RecordError(path, 'is not a JSON object');
  }

  return value as Fields;
}

function asList(value: unknown, field: string): unknown[] {
  if (value === undefined || value === null) {
    return [];
  }

  if (!Array.isArray(value)) {
    throw new RecordError('', `${field} is not a list`);
  }

  return value;
}
