import {
  CallHandler,
  ExecutionContext,
  HttpStatus,
  Injectable,
  NestInterceptor,
} from '@nestjs/common';

import { Request, Response } from 'express';
import { Observable, catchError, concatMap, map, of } from 'rxjs';

import { AuthenticatedRequest } from '../auth/current-session.decorator';

import { ApiJobService } from './api-job.service';
import { ApiJobLocationDto } from './dto/api-job-location.dto';
import { JobOutcome, succeeded } from './job-outcome';
import { JOB_UUID_HEADER, jobUuidOf } from './job-uuid';

export const API_JOBS_PATH = 'zstack/v1/api-jobs';

/**
 * Answers a call that carries X-Job-UUID as ZStack's asynchronous job: 202 with
 * the location to poll, its outcome stored for the poll. It runs after the
 * session guard, so a caller without a valid session is still answered at once;
 * the validation pipe and the handler run inside `next.handle()`, so an invalid
 * argument becomes the job's outcome, where ZStack's SDKs read error codes.
 * Scoped to the routes that use it: a global interceptor would make Nest wrap
 * every request.
 */
@Injectable()
export class ApiJobInterceptor implements NestInterceptor {
  constructor(private readonly jobs: ApiJobService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    const jobUuid = jobUuidOf(request.headers[JOB_UUID_HEADER]);

    if (!jobUuid) {
      return next.handle();
    }

    const session = request.authSession;

    if (!session) {
      throw new Error('a job route must not be public: the session guard sets the session');
    }

    return next.handle().pipe(
      map((body: object): JobOutcome => succeeded(body)),
      catchError((error: unknown) => of(this.jobs.outcomeOfFailure(error))),
      concatMap((outcome) => this.jobs.record(jobUuid.canonical, session.accountUuid, outcome)),
      map((): ApiJobLocationDto => {
        const location = jobLocation(request, jobUuid.asSent);
        http.getResponse<Response>().status(HttpStatus.ACCEPTED).location(location);

        return { location };
      }),
    );
  }
}

/** A host name or an IPv4 or bracketed IPv6 address, with an optional port: nothing else. */
const PLAIN_HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * Where the job is polled, on the scheme and host the caller used. Express's
 * `protocol` and `host` read X-Forwarded-Proto and X-Forwarded-Host only when
 * TRUST_PROXY trusts the caller, and the Host header otherwise. The location
 * goes back to the caller that sent the host; still, a host that is not a plain
 * name or address (or none at all, as from HTTP/1.0) is not echoed: the
 * location is then the path alone.
 */
export function jobLocation(request: Request, jobUuid: string): string {
  const path = `/${API_JOBS_PATH}/${jobUuid}`;
  const host = request.host;

  return host && PLAIN_HOST.test(host) ? `${request.protocol}://${host}${path}` : path;
}
