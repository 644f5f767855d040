import { ExecutionContext, createParamDecorator } from '@nestjs/common';

import { Response } from 'express';

import { AuthenticatedRequest } from '../auth/current-session.decorator';

import { jobLocation } from './job-location';
import { JOB_UUID_HEADER, JobUuid, jobUuidOf } from './job-uuid';

/** A call that asks to be answered as ZStack's asynchronous job, with what its answer needs. */
export interface JobRequest {
  uuid: JobUuid;
  /** The account whose session made the call: the job is that account's alone. */
  accountUuid: string;
  /** Where the caller polls the job. */
  location: string;
  /** The answer, which turns 202 once the outcome is stored. */
  response: Response;
}

/**
 * The job a call asks for with X-Job-UUID, or undefined when it asks for none.
 * A header that is not a uuid is answered at once with SYS.1007. Only for a
 * route behind the session guard: a job belongs to the caller's account.
 */
export const RequestedJob = createParamDecorator(
  (_data: unknown, context: ExecutionContext): JobRequest | undefined => {
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    const uuid = jobUuidOf(request.headers[JOB_UUID_HEADER]);

    if (!uuid) {
      return undefined;
    }

    const session = request.authSession;

    if (!session) {
      throw new Error('a job route must not be public: the session guard sets the session');
    }

    return {
      uuid,
      accountUuid: session.accountUuid,
      location: jobLocation(request, uuid.asSent),
      response: http.getResponse<Response>(),
    };
  },
);
