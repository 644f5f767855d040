import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

import { AppConfig } from '../config/app-config';

import { ApiJobRepository } from './api-job.repository';

/**
 * Deletes expired jobs every API_JOB_TTL_SECONDS, so a job's row outlives its
 * expiry by one period at most (an expired job is never answered meanwhile).
 * Each replica sweeps; the delete is idempotent.
 */
@Injectable()
export class ApiJobSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ApiJobSweeper.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly config: AppConfig,
    private readonly jobs: ApiJobRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(
      () => void this.sweepQuietly(),
      this.config.API_JOB_TTL_SECONDS * 1000,
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Deletes every expired job; returns how many. */
  async sweep(): Promise<number> {
    const count = await this.jobs.deleteExpired();

    if (count > 0) {
      this.logger.log(`deleted ${count} expired job(s)`);
    }

    return count;
  }

  private async sweepQuietly(): Promise<void> {
    try {
      await this.sweep();
    } catch (error) {
      this.logger.warn({ err: error }, 'could not delete expired jobs; trying again later');
    }
  }
}
