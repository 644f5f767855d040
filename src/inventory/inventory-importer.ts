import { ProgressListener } from './import-progress';
import { InventoryKind, detectKind } from './inventory-kinds';
import { InputFormatError, InventorySource, readInventories } from './inventory-reader';
import { InventoryTable } from './inventory-tables';
import { ImportDatabaseOptions, InventoryWriter, Removal, TableResult } from './inventory-writer';
import { RecordError, RecordMapper } from './record-mapper';
import { ZStackDateReader } from './zstack-date';

export interface ImportOptions {
  /** Remove the records of each kind in the export that the export leaves out. */
  full?: boolean;
  /** Do all the work, report it, and keep none of it. */
  dryRun?: boolean;
  /** The IANA zone ZStack's zone-less dates are read in; UTC by default. */
  zone?: string;
  /** The kind of every input, instead of telling it from the first record of each. */
  kind?: InventoryKind;
  progress?: ProgressListener;
}

/** A record, or a whole input, that the import refuses. */
export interface ImportProblem {
  source: string;
  /** Where in the input, e.g. `inventories[3].allVolumes[1]`; empty for the input itself. */
  position: string;
  reason: string;
}

export interface ImportResult {
  /** Whether the changes were kept: false after a dry run or when a record was refused. */
  written: boolean;
  dryRun: boolean;
  full: boolean;
  records: number;
  /** The kind each input was read as; undefined for an empty one whose kind nothing told. */
  inputs: { source: string; kind: InventoryKind | undefined; records: number }[];
  tables: TableResult[];
  /** The first problems found, in the order read. */
  problems: ImportProblem[];
  /** Every problem found, including those past the ones listed. */
  problemCount: number;
  unregisteredStorageTypes: { type: string; storages: number }[];
  accountsWithoutPassword: number;
}

/** Problems listed in full; past this many the rest are only counted. */
const LISTED_PROBLEMS = 50;

/**
 * In a full sync, what each kind's presence removes. VM answers carry the VMs'
 * volumes and CD-ROMs: CD-ROMs exist nowhere else, and volumes still attached to
 * a VM that the answer no longer lists have gone with it; volumes left detached
 * are removed only when a volume answer is in the export too.
 */
function removalsFor(kinds: ReadonlySet<InventoryKind>): Partial<Record<InventoryTable, Removal>> {
  const removals: Partial<Record<InventoryTable, Removal>> = {};
  const when = (kind: InventoryKind, table: InventoryTable, removal: Removal = 'absent') => {
    if (kinds.has(kind)) {
      removals[table] = removal;
    }
  };

  when('vm', 'vm_instance');
  when('vm', 'vm_cd_rom');
  when('vm', 'volume', 'absentAttachedToVm');
  when('volume', 'volume');
  when('primaryStorage', 'primary_storage');
  when('image', 'image');
  when('account', 'account');
  when('accountResourceRef', 'account_resource_ref');

  return removals;
}

/** The state of one run, shared by the steps of the import. */
interface RunState {
  options: ImportOptions;
  mapper: RecordMapper;
  writer: InventoryWriter;
  result: ImportResult;
  bytesRead: number;
}

/**
 * Imports what a ZStack management node answers to its query APIs into the
 * inventory tables, in one transaction: every record of the run is written, or,
 * when any is refused, none.
 */
export class InventoryImporter {
  constructor(private readonly database: ImportDatabaseOptions) {}

  async run(
    sources: readonly InventorySource[],
    options: ImportOptions = {},
  ): Promise<ImportResult> {
    const mapper = new RecordMapper(new ZStackDateReader(options.zone));
    const writer = await InventoryWriter.open(this.database);
    const state: RunState = {
      options,
      mapper,
      writer,
      bytesRead: 0,
      result: {
        written: false,
        dryRun: options.dryRun ?? false,
        full: options.full ?? false,
        records: 0,
        inputs: [],
        tables: [],
        problems: [],
        problemCount: 0,
        unregisteredStorageTypes: [],
        accountsWithoutPassword: 0,
      },
    };

    try {
      const sizes = sources.map((source) => source.size);
      options.progress?.begin(
        sizes.every((size) => size !== undefined)
          ? sizes.reduce((sum, size) => sum + size, 0)
          : undefined,
      );

      for (const source of sources) {
        await this.readSource(source, state);
      }

      return await this.complete(state);
    } catch (error) {
      options.progress?.end();
      await writer.abandon();

      throw error;
    }
  }

  private async readSource(source: InventorySource, state: RunState): Promise<void> {
    const { options, mapper, writer, result } = state;
    let kind = options.kind;

    try {
      const outcome = await readInventories(
        source,
        async (record, index) => {
          result.records++;
          const position = `inventories[${index}]`;
          kind ??= detectKind(record);

          if (!kind) {
            refuse(result, {
              source: source.name,
              position,
              reason: 'cannot tell which ZStack query answered this record; name it with --kind',
            });

            return false;
          }

          try {
            const rows = mapper.map(kind, record, `${source.name} ${position}`);

            // Once a record is refused nothing will be kept, so the rest is only checked.
            if (result.problemCount === 0) {
              await writer.add(rows);
            }
          } catch (error) {
            if (!(error instanceof RecordError)) {
              throw error;
            }

            const where = error.path ? `${position}.${error.path}` : position;
            refuse(result, { source: source.name, position: where, reason: error.message });
          }
        },
        (bytes) => {
          state.bytesRead += bytes;
          options.progress?.advance(state.bytesRead, result.records);
        },
      );

      if (!outcome.found) {
        refuse(result, {
          source: source.name,
          position: '',
          reason: 'has no "inventories" list, as a ZStack query answers',
        });
      }

      result.inputs.push({ source: source.name, kind, records: outcome.records });
    } catch (error) {
      if (!(error instanceof InputFormatError)) {
        throw error;
      }

      refuse(result, { source: source.name, position: '', reason: error.message });
    }
  }

  /** Merges what was read, or rolls it back when anything was refused or it is a dry run. */
  private async complete({ options, writer, result, bytesRead }: RunState): Promise<ImportResult> {
    const progress = options.progress;
    const present = new Set(
      result.inputs.flatMap((input) => (input.kind === undefined ? [] : [input.kind])),
    );
    const removals = options.full ? removalsFor(present) : {};

    if (result.problemCount === 0) {
      await writer.flush();
      progress?.advance(bytesRead, result.records);
      progress?.phase('writing to the database');

      for (const conflict of await writer.conflicts(removals)) {
        refuse(result, { source: conflict.source, position: '', reason: conflict.reason });
      }
    }

    if (result.problemCount > 0) {
      progress?.end();
      await writer.finish(false);

      return result;
    }

    result.tables = await writer.merge(removals);
    result.unregisteredStorageTypes = await writer.unregisteredStorageTypes();
    result.accountsWithoutPassword = await writer.accountsWithoutPassword();
    result.written = !result.dryRun;
    progress?.end();
    await writer.finish(result.written);

    return result;
  }
}

function refuse(result: ImportResult, problem: ImportProblem): void {
  result.problemCount++;

  if (result.problems.length < LISTED_PROBLEMS) {
    result.problems.push(problem);
  }
}
