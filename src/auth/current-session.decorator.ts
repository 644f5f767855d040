import { ExecutionContext, createParamDecorator } from '@nestjs/common';

import { Request } from 'express';

import { AuthSession } from './auth-session';

/** The request's session, as the session guard attached it. */
export type AuthenticatedRequest = Request & { authSession?: AuthSession };

export const CurrentSession = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthSession | undefined =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().authSession,
);
