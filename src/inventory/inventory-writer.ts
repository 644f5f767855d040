import { Client } from 'pg';

import {
  ColumnSpec,
  ColumnType,
  InventoryTable,
  TABLES,
  TableSpec,
  tableSpec,
} from './inventory-tables';
import { StagedRow } from './record-mapper';

/** Where the import writes, and how long any one wait may last. */
export interface ImportDatabaseOptions {
  url: string;
  /** The longest wait for the connection, and for a lock another connection holds. */
  timeoutMs: number;
  /** The longest one statement may run; the merge of a large export takes a while. */
  statementTimeoutMs?: number;
}

export interface TableCounts {
  added: number;
  changed: number;
  unchanged: number;
  removed: number;
}

export interface TableResult extends TableCounts {
  table: InventoryTable;
  label: string;
}

/** A staged record that cannot be merged, such as an account name another account holds. */
export interface MergeConflict {
  source: string;
  reason: string;
}

/** In a full sync, which rows of a table the export's absence removes. */
export type Removal = 'absent' | 'absentAttachedToVm';

/** Rows buffered per table before they are staged in one statement. */
const BATCH_ROWS = 1000;

const DEFAULT_STATEMENT_TIMEOUT_MS = 30 * 60_000;

/** Two imports into one database at once would each count the other's rows. */
const IMPORT_LOCK = `hashtext('vm-capabilities inventory import')`;

const SQL_TYPES: Record<ColumnType, string> = {
  uuid: 'varchar(32)',
  text: 'text',
  integer: 'integer',
  bigint: 'bigint',
  boolean: 'boolean',
  date: 'timestamptz',
};

const quote = (name: string): string => `"${name}"`;
const stageOf = (table: InventoryTable): string => `import_${table}`;

export class ImportLockedError extends Error {}

/**
 * Writes one import in one transaction. Rows are staged, in batches, into
 * temporary tables that drop at the end of the transaction (a record given twice
 * is staged once, the last read winning); the merge then upserts each table from
 * its stage with INSERT ... ON CONFLICT DO UPDATE, updating only the rows that are
 * distinct, so the counts of added, changed and unchanged rows are exact.
 */
export class InventoryWriter {
  private readonly buffers = new Map<InventoryTable, Map<string, StagedRow>>();
  /** One batch is written while the next is read, so parsing and Postgres overlap. */
  private inFlight: Promise<void> = Promise.resolve();

  private constructor(private readonly client: Client) {}

  static async open(options: ImportDatabaseOptions): Promise<InventoryWriter> {
    const client = new Client({
      connectionString: options.url,
      connectionTimeoutMillis: options.timeoutMs,
      application_name: 'vm-capabilities-import',
    });
    // A connection lost while idle is reported by the next statement; it must not crash.
    client.on('error', () => undefined);
    await client.connect();

    const writer = new InventoryWriter(client);

    try {
      await writer.begin(options);
    } catch (error) {
      await client.end().catch(() => undefined);

      throw error;
    }

    return writer;
  }

  private async begin(options: ImportDatabaseOptions): Promise<void> {
    const statementTimeout = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
    await this.client.query('BEGIN');
    await this.client.query(`SET LOCAL statement_timeout = ${Math.trunc(statementTimeout)}`);
    await this.client.query(`SET LOCAL lock_timeout = ${Math.trunc(options.timeoutMs)}`);
    // The stages live in the connection's own buffers (8 MB by default) and the merge joins
    // them whole: with room for both, a large export is not spilled to disk and read back.
    await this.client.query(`SET LOCAL temp_buffers = '256MB'`);
    await this.client.query(`SET LOCAL work_mem = '64MB'`);

    const { rows } = await this.client.query<{ locked: boolean }>(
      `SELECT pg_try_advisory_xact_lock(${IMPORT_LOCK}) AS locked`,
    );

    if (!rows[0].locked) {
      throw new ImportLockedError('another inventory import is running on this database');
    }

    for (const spec of TABLES) {
      await this.client.query(stageTableSql(spec));

      for (const column of spec.stageIndexes ?? []) {
        await this.client.query(`CREATE INDEX ON ${stageOf(spec.table)} (${quote(column)})`);
      }
    }
  }

  /** Buffers rows, writing a table's batch once it is full. */
  async add(rows: StagedRow[]): Promise<void> {
    for (const row of rows) {
      const spec = tableSpec(row.table);
      let buffer = this.buffers.get(row.table);

      if (!buffer) {
        buffer = new Map();
        this.buffers.set(row.table, buffer);
      }

      // A record given twice in one batch must reach the stage once: the last one wins.
      const key = spec.key.map((column) => row.values[column]).join('/');
      buffer.delete(key);
      buffer.set(key, row);

      if (buffer.size >= BATCH_ROWS) {
        this.buffers.delete(row.table);
        await this.write(spec, [...buffer.values()]);
      }
    }
  }

  /** Writes whatever is buffered and waits for every batch. */
  async flush(): Promise<void> {
    for (const [table, buffer] of this.buffers) {
      this.buffers.delete(table);
      await this.write(tableSpec(table), [...buffer.values()]);
    }

    await this.inFlight;
  }

  private async write(spec: TableSpec, rows: StagedRow[]): Promise<void> {
    await this.inFlight;

    const payload = JSON.stringify(rows.map((row) => ({ ...row.values, source: row.source })));
    const pending = this.client.query(stageInsertSql(spec), [payload]).then(() => undefined);
    // Awaited by the next write or the flush; until then its failure must not go unhandled.
    pending.catch(() => undefined);
    this.inFlight = pending;
  }

  /**
   * Staged records that the tables' unique columns refuse, named by where they were
   * read. A stored row that the full sync removes holds nothing against them.
   */
  async conflicts(removals: Partial<Record<InventoryTable, Removal>>): Promise<MergeConflict[]> {
    const found: MergeConflict[] = [];

    for (const spec of TABLES) {
      for (const column of spec.unique ?? []) {
        const { rows } = await this.client.query<{ source: string; value: string; holder: string }>(
          uniqueConflictSql(spec, column, removals[spec.table] === 'absent'),
        );
        found.push(
          ...rows.map((row) => ({
            source: row.source,
            reason: `${column} ${JSON.stringify(row.value)} is also the ${column} of ${row.holder}`,
          })),
        );
      }
    }

    return found;
  }

  /** Removes what a full sync leaves out, then merges every staged table. */
  async merge(removals: Partial<Record<InventoryTable, Removal>>): Promise<TableResult[]> {
    const removed = new Map<InventoryTable, number>();

    for (const spec of TABLES) {
      const removal = removals[spec.table];

      if (removal) {
        const result = await this.client.query(removalSql(spec, removal));
        removed.set(spec.table, result.rowCount ?? 0);
      }
    }

    const results: TableResult[] = [];

    for (const spec of TABLES) {
      const { rows } = await this.client.query<{ added: number; changed: number; staged: number }>(
        mergeSql(spec),
      );
      const { added, changed, staged } = rows[0] ?? { added: 0, changed: 0, staged: 0 };
      const removedRows = removed.get(spec.table) ?? 0;

      if (staged > 0 || removals[spec.table]) {
        results.push({
          table: spec.table,
          label: spec.label,
          added,
          changed,
          unchanged: staged - added - changed,
          removed: removedRows,
        });
      }
    }

    return results;
  }

  /** Primary storage types the registry does not know, with how many storages have each. */
  async unregisteredStorageTypes(): Promise<{ type: string; storages: number }[]> {
    const { rows } = await this.client.query<{ type: string; storages: number }>(
      `SELECT ps.type, count(*)::int AS storages
         FROM primary_storage ps
         LEFT JOIN storage_type st ON st.type = ps.type
        WHERE st.type IS NULL
        GROUP BY ps.type
        ORDER BY ps.type`,
    );

    return rows;
  }

  async accountsWithoutPassword(): Promise<number> {
    const { rows } = await this.client.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM account WHERE password_hash IS NULL',
    );

    return rows[0].count;
  }

  /** Commits, or rolls back when nothing is to be kept, and closes the connection. */
  async finish(commit: boolean): Promise<void> {
    try {
      if (commit) {
        await this.inFlight;
      } else {
        // A batch still being staged is of no use now; its failure changes nothing.
        await this.inFlight.catch(() => undefined);
      }

      await this.client.query(commit ? 'COMMIT' : 'ROLLBACK');
    } finally {
      await this.client.end();
    }
  }

  /** Rolls back after a failure, keeping the failure that brought it here. */
  async abandon(): Promise<void> {
    await this.inFlight.catch(() => undefined);
    await this.client.query('ROLLBACK').catch(() => undefined);
    await this.client.end().catch(() => undefined);
  }
}

function columnDefinitions(spec: TableSpec): string {
  return [
    ...spec.columns.map((column) => `${quote(column.column)} ${SQL_TYPES[column.type]}`),
    'source text',
  ].join(', ');
}

function stageTableSql(spec: TableSpec): string {
  return `CREATE TEMP TABLE ${stageOf(spec.table)} (${columnDefinitions(spec)},
            PRIMARY KEY (${spec.key.map(quote).join(', ')})) ON COMMIT DROP`;
}

function stageInsertSql(spec: TableSpec): string {
  const columns = [...spec.columns.map((column) => column.column), 'source'];
  const updated = columns.filter((column) => !spec.key.includes(column));
  const excluded = updated.map((column) => `EXCLUDED.${quote(column)}`).join(', ');

  return `INSERT INTO ${stageOf(spec.table)} (${columns.map(quote).join(', ')})
          SELECT ${columns.map(quote).join(', ')}
            FROM json_to_recordset($1::json) AS r(${columnDefinitions(spec)})
          ON CONFLICT (${spec.key.map(quote).join(', ')}) DO UPDATE
             SET (${updated.map(quote).join(', ')}) = ROW(${excluded})`;
}

/**
 * An absent date keeps the stored one (or is now for a new row); every other column
 * takes the staged value, so a field ZStack leaves out (its way of saying null) is null.
 */
function mergedValue(column: ColumnSpec): string {
  if (column.resolve) {
    return column.resolve;
  }

  const name = quote(column.column);

  return column.type === 'date' ? `COALESCE(s.${name}, cur.${name}, now())` : `s.${name}`;
}

/**
 * Upserts a table from its stage. Rows the table already holds as staged are left
 * out before the upsert, which would otherwise lock every one of them; the upsert
 * then counts a new row as added and a distinct one as changed.
 */
function mergeSql(spec: TableSpec): string {
  const stage = stageOf(spec.table);
  const columns = spec.columns.map((column) => quote(column.column));
  const updatedSpecs = spec.columns.filter((column) => !spec.key.includes(column.column));
  const updated = updatedSpecs.map((column) => quote(column.column));
  const sameKey = spec.key.map((column) => `cur.${quote(column)} = s.${quote(column)}`);
  const excluded = updated.map((column) => `EXCLUDED.${column}`).join(', ');
  const resolved = spec.columns.map(
    (column) => `${mergedValue(column)} AS ${quote(column.column)}`,
  );
  const incoming = updatedSpecs.map(mergedValue);

  return `WITH incoming AS (
            SELECT ${resolved.join(', ')},
                   cur.${quote(spec.key[0])} IS NOT NULL
                   AND (${updated.map((column) => `cur.${column}`).join(', ')})
                       IS NOT DISTINCT FROM (${incoming.join(', ')}) AS unchanged
              FROM ${stage} s
              LEFT JOIN ${quote(spec.table)} cur ON ${sameKey.join(' AND ')}
          ), merged AS (
            INSERT INTO ${quote(spec.table)} AS t (${columns.join(', ')})
            SELECT ${columns.join(', ')} FROM incoming WHERE NOT unchanged
            ON CONFLICT (${spec.key.map(quote).join(', ')}) DO UPDATE
               SET (${updated.join(', ')}) = ROW(${excluded})
             WHERE (${updated.map((column) => `t.${column}`).join(', ')})
                   IS DISTINCT FROM (${excluded})
            RETURNING t.xmax = 0 AS inserted
          )
          SELECT count(*) FILTER (WHERE inserted)::int AS added,
                 count(*) FILTER (WHERE NOT inserted)::int AS changed,
                 (SELECT count(*)::int FROM ${stage}) AS staged
            FROM merged`;
}

function removalSql(spec: TableSpec, removal: Removal): string {
  const sameKey = spec.key.map((column) => `s.${quote(column)} = t.${quote(column)}`);
  const attachedOnly = removal === 'absentAttachedToVm' ? 'AND t.vm_instance_uuid IS NOT NULL' : '';

  return `DELETE FROM ${quote(spec.table)} t
           WHERE NOT EXISTS (SELECT 1 FROM ${stageOf(spec.table)} s WHERE ${sameKey.join(' AND ')})
             ${attachedOnly}`;
}

/**
 * A staged value of a unique column that another record holds: another staged one,
 * or a stored row that keeps it (one staged under a new value gives its old one up,
 * and one that is not staged does too when the full sync removes it).
 */
function uniqueConflictSql(spec: TableSpec, column: string, storedRemoved: boolean): string {
  const stage = stageOf(spec.table);
  const key = spec.key.map(quote);
  const value = quote(column);
  const keyOf = (alias: string) => `(${key.map((k) => `${alias}.${k}`).join(', ')})`;
  const keyText = (alias: string) => key.map((k) => `${alias}.${k}`).join(` || '/' || `);
  const amongStaged = `
    SELECT s.source, s.${value} AS value, 'another record of the import' AS holder
      FROM ${stage} s
     WHERE EXISTS (SELECT 1 FROM ${stage} o
                    WHERE o.${value} = s.${value} AND ${keyOf('o')} <> ${keyOf('s')})`;
  const amongStored = `
    SELECT s.source, s.${value}, 'the stored record ' || ${keyText('t')}
      FROM ${stage} s
      JOIN ${quote(spec.table)} t ON t.${value} = s.${value} AND ${keyOf('t')} <> ${keyOf('s')}
     WHERE NOT EXISTS (SELECT 1 FROM ${stage} m
                        WHERE ${keyOf('m')} = ${keyOf('t')}
                          AND m.${value} IS DISTINCT FROM t.${value})
       AND NOT ${storedRemoved}`;

  return `${amongStaged} UNION ALL ${amongStored} LIMIT 100`;
}
