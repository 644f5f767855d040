import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import { canonicalUuid, isZStackUuid } from '../common/uuid';

import { AuthenticatedRequest } from './current-session.decorator';
import { IS_PUBLIC } from './public.decorator';
import { SessionService, missingSession, sessionExpired } from './session.service';

const SCHEME = 'OAuth ';

/**
 * Every route needs `Authorization: OAuth <sessionUuid>` unless it is marked
 * `@Public()`. Guards run before pipes, so a caller without a valid session
 * learns nothing about its request, not even that it was malformed.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);

    if (isPublic) {
      return true;
    }

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    request.authSession = await this.sessions.authenticate(sessionUuidOf(request));

    return true;
  }
}

function sessionUuidOf(request: AuthenticatedRequest): string {
  const header = request.headers.authorization;
  // Node keeps the first of several Authorization headers; which one is meant is ambiguous.
  const sent = request.rawHeaders.filter(
    (value, index) => index % 2 === 0 && value.toLowerCase() === 'authorization',
  );

  if (sent.length > 1) {
    throw missingSession('send one Authorization header, not several');
  }

  if (header === undefined) {
    throw missingSession(
      'the Authorization header is missing; send "Authorization: OAuth <sessionUuid>"',
    );
  }

  if (!header.startsWith(SCHEME)) {
    throw missingSession(
      'the Authorization header must use the OAuth scheme: "OAuth <sessionUuid>"',
    );
  }

  const uuid = header.slice(SCHEME.length).trim();

  if (!isZStackUuid(uuid)) {
    throw sessionExpired();
  }

  return canonicalUuid(uuid);
}
