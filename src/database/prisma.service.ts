import { Injectable, Logger, OnModuleDestroy, Optional } from '@nestjs/common';

import { PrismaPg } from '@prisma/adapter-pg';
import { AsyncResource } from 'node:async_hooks';
import { Pool, PoolClient } from 'pg';

import { AppConfig } from '../config/app-config';
import { PrismaClient } from '../generated/prisma/client';
import { MetricsService } from '../metrics/metrics.service';

type Query = (...args: unknown[]) => unknown;

/**
 * The Prisma client over a pg pool whose every wait is bounded: a connection
 * that cannot be had, or a statement that does not finish, within DB_TIMEOUT_MS
 * fails instead of hanging (and is answered SYS.1001).
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  readonly pool: Pool;
  private readonly logger = new Logger(PrismaService.name);

  constructor(config: AppConfig, @Optional() metrics?: MetricsService) {
    const pool = new Pool({
      connectionString: config.DATABASE_URL,
      max: config.DB_POOL_SIZE,
      connectionTimeoutMillis: config.DB_TIMEOUT_MS,
      statement_timeout: config.DB_TIMEOUT_MS,
      query_timeout: config.DB_TIMEOUT_MS + 1000,
      application_name: 'vm-capabilities',
    });

    super({ adapter: new PrismaPg(pool) });
    this.pool = pool;
    // An idle connection that the server drops must not take the process down.
    // Bound to this, the pool's own context: the connection's socket was opened
    // inside whichever request first needed it, and its error would otherwise be
    // logged with that long-finished request's id.
    pool.on(
      'error',
      AsyncResource.bind((error: Error) =>
        this.logger.warn(`idle database connection lost: ${error.message}`),
      ),
    );

    if (metrics) {
      // Each connection is timed rather than pool.query, so that statements inside
      // transactions count too, the wait for a free connection does not, and
      // pool.query stays the pool's own.
      pool.on('connect', (client) => timeStatements(client, () => metrics.startStatement()));
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
    await this.pool.end();
  }
}

/**
 * Times each statement of a connection, whether it is called back (as pool.query
 * calls it) or awaited (as in a transaction). A submitted cursor or stream is
 * returned untimed, as Prisma uses neither.
 */
function timeStatements(client: PoolClient, start: () => () => void): void {
  const query = client.query.bind(client) as Query;
  const timed: Query = (...args) => {
    const done = start();
    const last = args.length - 1;
    const callback = args[last];

    if (typeof callback === 'function') {
      args[last] = (...results: unknown[]) => {
        done();

        return (callback as Query)(...results);
      };

      return query(...args);
    }

    const result = query(...args);

    if (result instanceof Promise) {
      void result.then(
        () => done(),
        () => done(),
      );
    }

    return result;
  };

  client.query = timed as PoolClient['query'];
}
