import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import { canonicalUuid, isZStackUuid } from '../common/uuid';

import { AccessKeyService } from './access-keys/access-key.service';
import { SIGNATURE_SCHEME } from './access-keys/zstack-signature';
import { AuthenticatedRequest } from './current-session.decorator';
import { IS_PUBLIC } from './public.decorator';
import { SessionService, missingSession, sessionExpired } from './session.service';

const SCHEME = 'OAuth ';

/**
 * Every route needs `Authorization: OAuth <sessionUuid>`, or a request signed
 * with an access key (`Authorization: ZStack <accessKeyId>:<signature>`),
 * unless it is marked `@Public()`. Guards run before pipes, so a caller
 * without a valid session learns nothing about its request, not even that it
 * was malformed.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionService,
    private readonly accessKeys: AccessKeyService,
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
    const header = authorizationOf(request);

    request.authSession = header.startsWith(SIGNATURE_SCHEME)
      ? await this.accessKeys.authenticate({
          method: request.method,
          url: request.originalUrl,
          authorization: header,
          date: request.headers.date,
        })
      : await this.sessions.authenticate(sessionUuidOf(header));

    return true;
  }
}

function authorizationOf(request: AuthenticatedRequest): string {
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

  return header;
}

function sessionUuidOf(header: string): string {
  if (!header.startsWith(SCHEME)) {
    throw missingSession(
      'the Authorization header must use the OAuth scheme, "OAuth <sessionUuid>", or an access key, "ZStack <accessKeyId>:<signature>"',
    );
  }

  const uuid = header.slice(SCHEME.length).trim();

  if (!isZStackUuid(uuid)) {
    throw sessionExpired();
  }

  return canonicalUuid(uuid);
}
