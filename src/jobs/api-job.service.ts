import { HttpStatus, Injectable, Logger } from '@nestjs/common';

import { ErrorCode } from '../common/errors/error-code';
import { asZStackException } from '../common/errors/zstack-error-mapping';
import { ZStackException } from '../common/errors/zstack.exception';
import { canonicalUuid, isZStackUuid } from '../common/uuid';
import { AppConfig } from '../config/app-config';

import { ApiJobRepository } from './api-job.repository';
import { ApiJobLocationDto } from './dto/api-job-location.dto';
import { JobOutcome, failedWith, jobNotFound, succeeded } from './job-outcome';
import { JobRequest } from './requested-job.decorator';

/**
 * ZStack's asynchronous job protocol: the outcome of a call made with an
 * X-Job-UUID header is stored, and its caller polls it. Calls answered this way
 * are fast, so a job is stored already complete; there is no pending state.
 *
 * A job belongs to the account whose session made it, and is known by its uuid
 * within that account. The same account sending the same uuid again (a retry)
 * gets the same location, and the poll answers the first outcome until it
 * expires. Another account sending that uuid makes a job of its own: it learns
 * nothing of the first, and the first's owner never sees the second.
 */
@Injectable()
export class ApiJobService {
  private readonly logger = new Logger(ApiJobService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly jobs: ApiJobRepository,
  ) {}

  /**
   * Answers a call as the job it asks for: `work`'s outcome, its result or its
   * failure, is stored for the poll, and the call answers 202 with the location.
   * Whatever fails inside `work` (the body's validation included) is read at
   * the poll, where ZStack's SDKs read error codes. A call that asks for no job
   * gets `work`'s result, or its failure, at once.
   *
   * A route calls this itself rather than through a Nest interceptor: an
   * interceptor would wrap every call of the route, jobs or not, in Nest's
   * Observable chain, which measured 0.4 ms of CPU a call.
   */
  async answer<T extends object>(
    job: JobRequest | undefined,
    work: () => Promise<T>,
  ): Promise<T | ApiJobLocationDto> {
    if (!job) {
      return work();
    }

    const outcome = await work().then(succeeded, (error: unknown) => this.outcomeOfFailure(error));
    await this.record(job.uuid.canonical, job.accountUuid, outcome);
    job.response.status(HttpStatus.ACCEPTED).location(job.location);

    return { location: job.location };
  }

  private async record(uuid: string, accountUuid: string, outcome: JobOutcome): Promise<void> {
    await this.jobs.saveUnlessLive(uuid, accountUuid, outcome, this.config.API_JOB_TTL_SECONDS);
  }

  /**
   * The outcome of a job for the account that made it. A job that is unknown,
   * expired or of another account is answered alike, so that nobody can tell them apart.
   */
  async outcomeFor(sentUuid: string, accountUuid: string): Promise<JobOutcome> {
    if (!isZStackUuid(sentUuid)) {
      throw new ZStackException(
        ErrorCode.InvalidArgument,
        'uuid is not a uuid of 32 hex characters',
      );
    }

    const outcome = await this.jobs.findLive(canonicalUuid(sentUuid), accountUuid);

    if (!outcome) {
      throw jobNotFound();
    }

    return outcome;
  }

  /**
   * A failure of the call as its poll answers it, with the code the exception
   * filter gives a synchronous call.
   */
  outcomeOfFailure(error: unknown): JobOutcome {
    return failedWith(asZStackException(error, this.logger));
  }
}
