import { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';

import { ImportProgress } from '../inventory/import-progress';
import { noteLines, problemLines, summaryLines } from '../inventory/import-summary';
import { InventoryImporter } from '../inventory/inventory-importer';
import { InventoryKind, kindNamed } from '../inventory/inventory-kinds';
import { InputPathError, InventorySource, resolveSources } from '../inventory/inventory-reader';
import {
  LIVE_MIGRATION_CHOICES,
  LIVE_MIGRATION_WITH_STORAGE,
  SettingValue,
  StorageTypeRegistry,
  UnknownStorageTypeError,
} from '../inventory/storage-type-registry';
import { InvalidZoneError, ZStackDateReader } from '../inventory/zstack-date';
import { LiveMigrationSupport, StorageAbilities } from '../vm/vm-facts';

import { UsageError } from './accounts-command';

export { UsageError };

export const USAGE = `Usage: npm run inventory -- <command>

  import [<path>...] [--full] [--dry-run] [--zone <IANA zone>] [--kind <kind>]
      Loads ZStack query answers ({"inventories":[...]}) of QueryVmInstance, QueryVolume,
      QueryPrimaryStorage, QueryImage, QueryAccount and QueryAccountResourceRef: files,
      folders (their .json files) or standard input (- or no path), in one transaction.
      --full      remove the records of each kind in the export that it leaves out
      --dry-run   report what would change and write nothing
      --zone      the zone of ZStack's zone-less dates (default UTC)
      --kind      vm, volume, primary-storage, image, account or account-resource-ref,
                  for every input; by default each input's kind is told by its first record

  storage-types list
  storage-types set <type> [--live-migration supported|unsupported|withStorage]
      [--volumes-stopped yes|no] [--volumes-running yes|no] [--memory-snapshot yes|no]
      [--description <text>]
      A new type needs all four abilities; a registered one changes those given.

  setting show
  setting set true|false
      localStoragePrimaryStorage / liveMigrationWithStorage.allow: live migration of a VM
      on local storage, copying its disk along.

Exit status: 0 done, 1 failed, 2 a command line it cannot take, 3 input refused (nothing written).`;

/** The exit status of each outcome; a refused input is told apart from a usage error. */
export const EXIT = { done: 0, failed: 1, usage: 2, refused: 3 } as const;

export interface InventoryTerminal {
  input: Readable & { isTTY?: boolean };
  output: Writable & { isTTY?: boolean };
  /** Progress, problems and notes. */
  errorOutput: Writable & { isTTY?: boolean };
}

export interface InventoryCommandDeps {
  importer: InventoryImporter;
  registry: StorageTypeRegistry;
}

type Values = ReturnType<typeof parseArguments>['values'];

const IMPORT_OPTIONS = ['full', 'dry-run', 'zone', 'kind'];
const ABILITY_OPTIONS = [
  'live-migration',
  'volumes-stopped',
  'volumes-running',
  'memory-snapshot',
  'description',
];

/**
 * Runs one operator command and returns its exit status; throws UsageError for a
 * command line it cannot take.
 */
export async function runInventoryCommand(
  args: string[],
  deps: InventoryCommandDeps,
  terminal: InventoryTerminal,
): Promise<number> {
  const { positionals, values } = parseArguments(args);
  const [command, subcommand, ...rest] = positionals;

  switch (command) {
    case 'import':
      allowOnly(values, IMPORT_OPTIONS);

      return importInventory(positionals.slice(1), values, deps.importer, terminal);
    case 'storage-types':
      return storageTypes(subcommand, rest, values, deps.registry, terminal);
    case 'setting':
      allowOnly(values, []);

      return setting(subcommand, rest, deps.registry, terminal);
    default:
      throw new UsageError(USAGE);
  }
}

async function importInventory(
  paths: string[],
  values: Values,
  importer: InventoryImporter,
  terminal: InventoryTerminal,
): Promise<number> {
  if (paths.length === 0 && terminal.input.isTTY) {
    // Waiting for an export to be typed in is never what was meant.
    throw new UsageError(`no export given: name files or folders, or pipe one in\n\n${USAGE}`);
  }

  const zone = values.zone ?? 'UTC';
  const kind = values.kind === undefined ? undefined : knownKind(values.kind);

  try {
    new ZStackDateReader(zone);
  } catch (error) {
    throw usage(error, InvalidZoneError);
  }

  let sources: InventorySource[];

  try {
    sources = resolveSources(paths, terminal.input);
  } catch (error) {
    throw usage(error, InputPathError);
  }

  const result = await importer.run(sources, {
    full: values.full,
    dryRun: values['dry-run'],
    zone,
    kind,
    progress: new ImportProgress(terminal.errorOutput),
  });

  if (result.problemCount > 0) {
    problemLines(result).forEach((line) => say(terminal.errorOutput, line));

    return EXIT.refused;
  }

  summaryLines(result).forEach((line) => say(terminal.output, line));
  noteLines(result).forEach((line) => say(terminal.errorOutput, line));

  return EXIT.done;
}

async function storageTypes(
  subcommand: string | undefined,
  rest: string[],
  values: Values,
  registry: StorageTypeRegistry,
  terminal: InventoryTerminal,
): Promise<number> {
  if (subcommand === 'list' && rest.length === 0) {
    allowOnly(values, []);
    const rows = await registry.list();
    const width = Math.max(4, ...rows.map((row) => row.type.length)) + 2;
    say(
      terminal.output,
      formatTypeRow(width, [
        'type',
        'live migration',
        'volumes stopped',
        'volumes running',
        'memory snapshot',
      ]),
    );
    rows.forEach((row) => say(terminal.output, formatTypeRow(width, abilityCells(row))));

    return EXIT.done;
  }

  if (subcommand === 'set' && rest.length === 1) {
    allowOnly(values, ABILITY_OPTIONS);
    const type = rest[0];

    if (type.trim() !== type || type.length === 0 || type.length > 255) {
      throw new UsageError(
        'a storage type is a name of 1 to 255 characters, without spaces around',
      );
    }

    const abilities = abilitiesFrom(values);

    if (Object.keys(abilities).length === 0 && values.description === undefined) {
      throw new UsageError(`nothing to set for ${type}\n\n${USAGE}`);
    }

    try {
      const { row, added } = await registry.set(type, abilities, values.description);
      const cells = abilityCells(row);
      say(
        terminal.output,
        `${added ? 'registered' : 'changed'} ${row.type}: live migration ${cells[1]}, ` +
          `volumes stopped ${cells[2]}, volumes running ${cells[3]}, memory snapshot ${cells[4]}`,
      );
    } catch (error) {
      throw usage(error, UnknownStorageTypeError);
    }

    return EXIT.done;
  }

  throw new UsageError(USAGE);
}

async function setting(
  subcommand: string | undefined,
  rest: string[],
  registry: StorageTypeRegistry,
  terminal: InventoryTerminal,
): Promise<number> {
  if (subcommand === 'show' && rest.length === 0) {
    say(terminal.output, formatSetting(await registry.liveMigrationWithStorage()));

    return EXIT.done;
  }

  if (subcommand === 'set' && rest.length === 1 && ['true', 'false'].includes(rest[0])) {
    const value = await registry.setLiveMigrationWithStorage(rest[0] === 'true');
    say(terminal.output, formatSetting(value));

    return EXIT.done;
  }

  throw new UsageError(USAGE);
}

function parseArguments(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {
        full: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        zone: { type: 'string' },
        kind: { type: 'string' },
        'live-migration': { type: 'string' },
        'volumes-stopped': { type: 'string' },
        'volumes-running': { type: 'string' },
        'memory-snapshot': { type: 'string' },
        description: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${USAGE}`);
  }
}

/** Options that belong to another command are refused rather than silently ignored. */
function allowOnly(values: Values, allowed: string[]): void {
  const given = Object.entries(values)
    .filter(([name, value]) => value !== undefined && value !== false && !allowed.includes(name))
    .map(([name]) => `--${name}`);

  if (given.length > 0) {
    throw new UsageError(`${given.join(', ')} does not apply to this command\n\n${USAGE}`);
  }
}

function knownKind(name: string): InventoryKind {
  const kind = kindNamed(name);

  if (!kind) {
    throw new UsageError(
      `--kind ${name} is not one of vm, volume, primary-storage, image, account, ` +
        'account-resource-ref',
    );
  }

  return kind;
}

function abilitiesFrom(values: Values): Partial<StorageAbilities> {
  const abilities: Partial<StorageAbilities> = {};
  const liveMigration = values['live-migration'];

  if (liveMigration !== undefined) {
    if (!LIVE_MIGRATION_CHOICES.includes(liveMigration as LiveMigrationSupport)) {
      throw new UsageError(
        `--live-migration is one of ${LIVE_MIGRATION_CHOICES.join(', ')}, not ${liveMigration}`,
      );
    }

    abilities.liveMigration = liveMigration as LiveMigrationSupport;
  }

  const flags = [
    ['volumes-stopped', 'volumeMigrationStopped'],
    ['volumes-running', 'volumeMigrationRunning'],
    ['memory-snapshot', 'memorySnapshot'],
  ] as const;

  for (const [option, ability] of flags) {
    const value = values[option];

    if (value !== undefined) {
      if (value !== 'yes' && value !== 'no') {
        throw new UsageError(`--${option} is yes or no, not ${value}`);
      }

      abilities[ability] = value === 'yes';
    }
  }

  return abilities;
}

const yesNo = (value: boolean): string => (value ? 'yes' : 'no');

function abilityCells(row: StorageAbilities & { type: string }): string[] {
  return [
    row.type,
    row.liveMigration,
    yesNo(row.volumeMigrationStopped),
    yesNo(row.volumeMigrationRunning),
    yesNo(row.memorySnapshot),
  ];
}

function formatTypeRow(width: number, cells: string[]): string {
  const [type, ...abilities] = cells;

  return (type.padEnd(width) + abilities.map((cell) => cell.padEnd(17)).join('')).trimEnd();
}

function formatSetting(setting: SettingValue): string {
  return (
    `${LIVE_MIGRATION_WITH_STORAGE.category} / ${LIVE_MIGRATION_WITH_STORAGE.name} = ` +
    `${setting.value} (default ${setting.defaultValue})`
  );
}

/** An error of the expected kind is the operator's to fix: a usage error; anything else is not. */
function usage(error: unknown, expected: new (...args: never[]) => Error): unknown {
  return error instanceof expected ? new UsageError(error.message) : error;
}

function say(stream: Writable, line: string): void {
  stream.write(`${line}\n`);
}
