import { NextFunction, Request, RequestHandler, Response } from 'express';

import { ErrorCode } from '../errors/error-code';
import { ZStackException } from '../errors/zstack.exception';

import { keepRequestError } from './deferred-request-error';

/**
 * Express decodes a route's path parameters while it matches the route, before
 * any guard, and answers a bad escape (`%zz`, or bytes that are not UTF-8) then
 * and there. This finds such a path first, keeps the fault for after the session
 * guard, and escapes every `%` of the path so that routing sees it as literal
 * text: the route still matches, and the parameter fails validation as any
 * other malformed uuid would.
 */
export function deferredPathEscapes(): RequestHandler {
  return (request: Request, _response: Response, next: NextFunction) => {
    const url = request.url;
    const queryAt = url.indexOf('?');
    const path = queryAt < 0 ? url : url.slice(0, queryAt);

    if (path.includes('%') && !decodes(path)) {
      keepRequestError(
        request,
        new ZStackException(
          ErrorCode.InvalidArgument,
          'the request path holds an escape that is not valid percent-encoded UTF-8',
        ),
      );
      request.url = path.replaceAll('%', '%25') + (queryAt < 0 ? '' : url.slice(queryAt));
    }

    next();
  };
}

function decodes(path: string): boolean {
  try {
    decodeURIComponent(path);

    return true;
  } catch {
    return false;
  }
}
