import { Controller, Get, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  PrismaHealthIndicator,
} from '@nestjs/terminus';

import { Public } from '../auth/public.decorator';
import { AppConfig } from '../config/app-config';
import { PrismaService } from '../database/prisma.service';
import { NoRateLimit } from '../rate-limit/api-rate-limit.guard';

import { HealthCheckFailureFilter } from './health-check-failure.filter';

@ApiTags('health')
@Public()
@NoRateLimit()
@UseFilters(HealthCheckFailureFilter)
@Controller('health')
export class HealthController {
  constructor(
    private readonly config: AppConfig,
    private readonly health: HealthCheckService,
    private readonly prisma: PrismaService,
    private readonly prismaHealth: PrismaHealthIndicator,
  ) {}

  @Get('live')
  @HealthCheck()
  @ApiOperation({
    summary: 'Liveness: the process answers; the database is not consulted',
    security: [],
  })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    summary: 'Readiness: the database answers SELECT 1 within DB_TIMEOUT_MS',
    security: [],
  })
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () =>
        this.prismaHealth.pingCheck('database', this.prisma, {
          timeout: this.config.DB_TIMEOUT_MS,
        }),
    ]);
  }
}
