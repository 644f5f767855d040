import { ImportResult } from './inventory-importer';

const COLUMNS = ['added', 'changed', 'unchanged', 'removed'] as const;

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/** The per-kind counts and the closing line, for standard output. */
export function summaryLines(result: ImportResult): string[] {
  const width = Math.max(4, ...result.tables.map((table) => table.label.length)) + 2;
  const header = 'kind'.padEnd(width) + COLUMNS.map((name) => name.padStart(11)).join('');
  const rows = result.tables.map(
    (table) =>
      table.label.padEnd(width) + COLUMNS.map((name) => String(table[name]).padStart(11)).join(''),
  );
  const read = `${plural(result.records, 'record')} from ${plural(result.inputs.length, 'input')}`;
  const mode = result.full ? 'full sync' : 'partial import: nothing removed';
  const closing = result.written
    ? `imported ${read} (${mode})`
    : `dry run: ${read} (${mode}); nothing was written`;

  return [header, ...rows, closing];
}

/** Each refused record or input with where it is and why, then what became of the run. */
export function problemLines(result: ImportResult): string[] {
  const listed = result.problems.map((problem) => {
    const where = problem.position ? `${problem.source} ${problem.position}` : problem.source;

    return `${where}: ${problem.reason}`;
  });
  const unlisted = result.problemCount - result.problems.length;

  return [
    ...listed,
    ...(unlisted > 0 ? [`... and ${plural(unlisted, 'more problem')}`] : []),
    `import refused (${plural(result.problemCount, 'problem')}): nothing was written`,
  ];
}

/** What an operator should know after a successful import, for standard error. */
export function noteLines(result: ImportResult): string[] {
  const notes = result.inputs
    .filter((input) => input.kind === undefined)
    .map(
      (input) =>
        `note: ${input.source} holds no records and nothing names its kind (--kind): ` +
        'it changed nothing',
    );

  for (const { type, storages } of result.unregisteredStorageTypes) {
    notes.push(
      `note: primary storage type ${type} (${plural(storages, 'storage')}) is not in the ` +
        `storage type registry: its VMs answer SYS.1000 until it is ` +
        `(npm run inventory -- storage-types set ${type} ...)`,
    );
  }

  const importedAccounts = result.inputs.some((input) => input.kind === 'account');

  if (importedAccounts && result.accountsWithoutPassword > 0) {
    notes.push(
      `note: ${plural(result.accountsWithoutPassword, 'account')} without a password cannot ` +
        'log in until one is set (npm run accounts -- reset-password <name>)',
    );
  }

  return notes;
}
