import { ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import {
  SkipThrottle,
  ThrottlerGuard,
  ThrottlerLimitDetail,
  ThrottlerOptions,
} from '@nestjs/throttler';

import { Request } from 'express';

import { ErrorCode } from '../common/errors/error-code';
import { ZStackException } from '../common/errors/zstack.exception';
import { AppConfig } from '../config/app-config';

const BY_ADDRESS = 'address';
const BY_SESSION = 'session';

/** The credential of `OAuth <uuid>` or `ZStack <accessKeyId>:<signature>`, when it has a sane shape. */
const CREDENTIAL = /^(?:OAuth +([0-9a-fA-F-]{32,36}) *|ZStack +([A-Za-z0-9]{1,64}):\S+)$/;

/** Leaves a route out of the API's rate limits: health checks and metrics. */
export const NoRateLimit = (): MethodDecorator & ClassDecorator =>
  SkipThrottle({ [BY_ADDRESS]: true, [BY_SESSION]: true });

/** The limits the configuration turns on; a limit of 0 is left out. */
export function apiThrottlers(config: AppConfig): ThrottlerOptions[] {
  const ttl = config.RATE_LIMIT_WINDOW_SECONDS * 1000;
  const throttlers: ThrottlerOptions[] = [];

  if (config.RATE_LIMIT_PER_ADDRESS > 0) {
    throttlers.push({
      name: BY_ADDRESS,
      ttl,
      limit: config.RATE_LIMIT_PER_ADDRESS,
      // The guard's own tracker: the caller's address (an IPv6 one by its /64).
    });
  }

  if (config.RATE_LIMIT_PER_SESSION > 0) {
    throttlers.push({
      name: BY_SESSION,
      ttl,
      limit: config.RATE_LIMIT_PER_SESSION,
      // A request without a credential of a sane shape is left to the address
      // limit: the session guard refuses it anyway.
      skipIf: (context) => credentialOf(context.switchToHttp().getRequest<Request>()) === undefined,
      getTracker: (request: Record<string, unknown>) =>
        credentialOf(request as unknown as Request) ?? '',
    });
  }

  return throttlers;
}

/**
 * The session uuid (any case or dash form, counted as one) or the access key id
 * a request names. It is taken from the header as sent, before the session guard
 * has looked it up: a made-up one is counted like a real one.
 */
function credentialOf(request: Request): string | undefined {
  const match = CREDENTIAL.exec(request.headers.authorization ?? '');

  if (!match) {
    return undefined;
  }

  return match[1] ? match[1].replaceAll('-', '').toLowerCase() : `key:${match[2]}`;
}

/**
 * @nestjs/throttler's guard, counting each caller across every route rather
 * than per route, and answering a caller over its limit with ZStack's envelope:
 * 429, SYS.1006 and a `Retry-After` in seconds.
 */
@Injectable()
export class ApiRateLimitGuard extends ThrottlerGuard {
  protected override generateKey(
    _context: ExecutionContext,
    tracker: string,
    name: string,
  ): string {
    return `${name}:${tracker}`;
  }

  protected override throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const limited = detail.key.startsWith(`${BY_SESSION}:`) ? 'session' : 'address';

    throw new ZStackException(
      ErrorCode.OperationFailure,
      `too many requests for this ${limited}: at most ${detail.limit} in ${detail.ttl / 1000} s`,
      HttpStatus.TOO_MANY_REQUESTS,
      { 'Retry-After': String(Math.max(1, detail.timeToBlockExpire)) },
    );
  }
}
