import { Injectable, NestMiddleware } from '@nestjs/common';

import { NextFunction, Request, Response } from 'express';

import { routeLabel } from '../common/http/route-label';

import { MetricsService } from './metrics.service';

/** Counts and times every answered request, failures and unknown paths included, by route pattern. */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsService) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const record = this.metrics.startHttpRequest();

    response.once('finish', () => record(request.method, routeLabel(request), response.statusCode));

    next();
  }
}
