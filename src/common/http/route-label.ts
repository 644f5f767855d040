/** The label of a request that no API route matched. */
const UNMATCHED_ROUTE = 'unmatched';

/**
 * Nest mounts middleware, the request logger's and the metrics', as routes on a
 * wildcard path: a request that no API route matches is left holding one.
 */
const MIDDLEWARE_ROUTE = /^\/\{?\*/;

/**
 * The route pattern Express matched, by which logs and metrics name a request,
 * never its path, which can hold session and VM uuids.
 */
export function routeLabel(request: { route?: unknown }): string {
  // Express types the matched route as any.
  const path = (request.route as { path?: unknown } | undefined)?.path;

  return typeof path === 'string' && !MIDDLEWARE_ROUTE.test(path) ? path : UNMATCHED_ROUTE;
}
