import { Injectable, NestMiddleware } from '@nestjs/common';

import { NextFunction, Request, Response } from 'express';

import { MetricsService } from './metrics.service';

/** The route label of a request that no route matched. */
const UNMATCHED_ROUTE = 'unmatched';

/**
 * Nest mounts middleware, this one and the request logger's, as routes on a
 * wildcard path: a request that no API route matches is left holding one.
 */
const MIDDLEWARE_ROUTE = /^\/\{?\*/;

/**
 * Counts and times every answered request, failures and unknown paths included.
 * It labels a request by the route pattern Express matched, never by its path,
 * which can hold session and VM uuids.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsService) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const record = this.metrics.startHttpRequest();

    response.once('finish', () => record(request.method, routeOf(request), response.statusCode));

    next();
  }
}

function routeOf(request: Request): string {
  // Express types the matched route as any.
  const route: unknown = request.route;
  const path = (route as { path?: unknown } | undefined)?.path;

  return typeof path === 'string' && !MIDDLEWARE_ROUTE.test(path) ? path : UNMATCHED_ROUTE;
}
