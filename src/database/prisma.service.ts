import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';

import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';

import { AppConfig } from '../config/app-config';
import { PrismaClient } from '../generated/prisma/client';

/**
 * The Prisma client over a pg pool whose every wait is bounded: a connection
 * that cannot be had, or a statement that does not finish, within DB_TIMEOUT_MS
 * fails instead of hanging (and is answered SYS.1001).
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  readonly pool: Pool;
  private readonly logger = new Logger(PrismaService.name);

  constructor(config: AppConfig) {
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
    pool.on('error', (error) =>
      this.logger.warn(`idle database connection lost: ${error.message}`),
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
    await this.pool.end();
  }
}
