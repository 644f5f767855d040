import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';

import { prometheusContentType } from 'prom-client';

import { Public } from '../auth/public.decorator';
import { NoRateLimit } from '../rate-limit/api-rate-limit.guard';

import { MetricsService } from './metrics.service';

@ApiTags('metrics')
@Public()
@NoRateLimit()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Header('Content-Type', prometheusContentType)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Prometheus metrics of this process; no session needed', security: [] })
  @ApiProduces(prometheusContentType)
  @ApiOkResponse({ description: "Prometheus's text format", schema: { type: 'string' } })
  scrape(): Promise<string> {
    return this.metrics.exposition();
  }
}
