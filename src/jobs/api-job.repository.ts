import { Injectable } from '@nestjs/common';

import { PrismaService } from '../database/prisma.service';

import { JobOutcome } from './job-outcome';

interface ApiJobRow {
  status_code: number;
  body: object;
}

/**
 * The api_job table. Its statements run on the pg pool under Prisma, as the
 * capability query does, as one of them is on every job call. Expiry is read
 * on the database's clock, so that every replica agrees on it.
 */
@Injectable()
export class ApiJobRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Stores a job's outcome for ttlSeconds, in one statement. A live job of the
   * same uuid and account is kept as it is: the first outcome stands until it
   * expires. An expired one, not yet swept, is replaced.
   */
  async saveUnlessLive(
    uuid: string,
    accountUuid: string,
    outcome: JobOutcome,
    ttlSeconds: number,
  ): Promise<void> {
    await this.prisma.pool.query(
      `INSERT INTO api_job (uuid, account_uuid, status_code, body, create_date, expire_date)
       VALUES ($1, $2, $3, $4::json, now(), now() + make_interval(secs => $5))
       ON CONFLICT (uuid, account_uuid) DO UPDATE
          SET status_code = excluded.status_code,
              body = excluded.body,
              create_date = excluded.create_date,
              expire_date = excluded.expire_date
        WHERE api_job.expire_date <= now()`,
      [uuid, accountUuid, outcome.statusCode, JSON.stringify(outcome.body), ttlSeconds],
    );
  }

  /** The outcome of a live job of this account, or undefined. */
  async findLive(uuid: string, accountUuid: string): Promise<JobOutcome | undefined> {
    const { rows } = await this.prisma.pool.query<ApiJobRow>(
      `SELECT status_code, body
         FROM api_job
        WHERE uuid = $1 AND account_uuid = $2 AND expire_date > now()`,
      [uuid, accountUuid],
    );

    return rows.length === 0 ? undefined : { statusCode: rows[0].status_code, body: rows[0].body };
  }

  /** Deletes every expired job; returns how many. */
  async deleteExpired(): Promise<number> {
    const { rowCount } = await this.prisma.pool.query(
      'DELETE FROM api_job WHERE expire_date <= now()',
    );

    return rowCount ?? 0;
  }
}
