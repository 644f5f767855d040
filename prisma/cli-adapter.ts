/**
 * The driver adapter that the Prisma CLI (never the service) uses to run the
 * WebAssembly schema engine, so that `migrate` works without downloading a
 * native engine. It mends two faults of @prisma/adapter-pg 6.19 under the CLI:
 *
 * - the schema engine reads catalog columns of types `name` and `"char"`,
 *   which the adapter cannot map to a column type; they are read as text;
 * - the pool's idle connections kept the CLI alive for 10 s after its work;
 * - the shadow database was opened through the main connection string (so it
 *   was the main database) and dropped before its pool closed.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import { randomUUID } from 'node:crypto';
import { Client, Pool, PoolClient, QueryResult } from 'pg';

const TEXT_OID = 25;
const CATALOG_TEXT_OIDS = new Set([18 /* "char" */, 19 /* name */]);

function asText(answer: QueryResult | undefined): void {
  for (const field of answer?.fields ?? []) {
    if (CATALOG_TEXT_OIDS.has(field.dataTypeID)) {
      field.dataTypeID = TEXT_OID;
    }
  }
}

// pg-pool calls `client.query` with a callback, the adapter's transactions
// call it for a promise: both forms are mended.
function readCatalogTypesAsText(client: PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;

  client.query = ((...args: unknown[]) => {
    const callback = args.at(-1);

    if (typeof callback === 'function') {
      args[args.length - 1] = (error: Error | undefined, answer: QueryResult | undefined) => {
        asText(answer);
        (callback as (e?: Error, a?: QueryResult) => void)(error, answer);
      };

      return query(...args);
    }

    const result = query(...args);

    if (!(result instanceof Promise)) {
      return result;
    }

    return result.then((answer: QueryResult) => {
      asText(answer);

      return answer;
    });
  }) as typeof client.query;
}

function cliPool(connectionString: string): Pool {
  // allowExitOnIdle: the CLI never closes its pool, and idle clients would keep
  // the process alive for another 10 s after the command is done.
  const pool = new Pool({ connectionString, max: 2, allowExitOnIdle: true });
  pool.on('connect', readCatalogTypesAsText);

  return pool;
}

export class CliPrismaPg extends PrismaPg {
  constructor(private readonly connectionString: string) {
    super(cliPool(connectionString), { disposeExternalPool: true });
  }

  override async connectToShadowDb() {
    const database = `prisma_shadow_${randomUUID().replaceAll('-', '')}`;
    const admin = new Client({ connectionString: this.connectionString });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${database}"`);

    const url = new URL(this.connectionString);
    url.pathname = `/${database}`;
    const shadow = new CliPrismaPg(url.toString());
    const adapter = await shadow.connect();
    const dispose = adapter.dispose.bind(adapter);

    adapter.dispose = async () => {
      await dispose();
      await admin.query(`DROP DATABASE IF EXISTS "${database}"`);
      await admin.end();
    };

    return adapter;
  }
}
