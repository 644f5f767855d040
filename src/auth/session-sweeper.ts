import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

import { AppConfig } from '../config/app-config';
import { PrismaService } from '../database/prisma.service';

/**
 * Deletes expired sessions every SESSION_SWEEP_INTERVAL_SECONDS, so that the
 * table does not grow with sessions nobody uses again. (An expired session that
 * is used is also deleted then.) Each replica sweeps; the delete is idempotent.
 */
@Injectable()
export class SessionSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SessionSweeper.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly config: AppConfig,
    private readonly prisma: PrismaService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(
      () => void this.sweepQuietly(),
      this.config.SESSION_SWEEP_INTERVAL_SECONDS * 1000,
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Deletes every expired session; returns how many. */
  async sweep(now = new Date()): Promise<number> {
    const { count } = await this.prisma.session.deleteMany({
      where: { expiredDate: { lte: now } },
    });

    if (count > 0) {
      this.logger.log(`deleted ${count} expired session(s)`);
    }

    return count;
  }

  private async sweepQuietly(): Promise<void> {
    try {
      await this.sweep();
    } catch (error) {
      this.logger.warn({ err: error }, 'could not delete expired sessions; trying again later');
    }
  }
}
