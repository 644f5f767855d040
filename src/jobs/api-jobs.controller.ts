import { Controller, Get, Param, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';

import { Response } from 'express';

import { AuthSession } from '../auth/auth-session';
import { CurrentSession } from '../auth/current-session.decorator';
import { recordAnsweredErrorCode } from '../common/errors/answered-error-code';
import { ErrorEnvelopeDto } from '../common/errors/error-envelope.dto';
import { VmsCapabilitiesReplyDto } from '../vm/dto/vm-capabilities.dto';

import { ApiJobService } from './api-job.service';
import { API_JOBS_PATH } from './job-location';
import { errorCodeOf } from './job-outcome';

@ApiTags('api-jobs')
@ApiExtraModels(ErrorEnvelopeDto, VmsCapabilitiesReplyDto)
@Controller(API_JOBS_PATH)
export class ApiJobsController {
  constructor(private readonly jobs: ApiJobService) {}

  @Get(':uuid')
  @ApiOperation({
    summary: 'The outcome of a call made with X-Job-UUID, for the account whose session made it',
  })
  @ApiParam({
    name: 'uuid',
    description: 'the X-Job-UUID the call was made with (the dashed form is accepted)',
  })
  @ApiOkResponse({
    type: VmsCapabilitiesReplyDto,
    description: "the call's result, as it would have answered without X-Job-UUID",
  })
  @ApiResponse({
    status: 503,
    type: ErrorEnvelopeDto,
    description:
      "the call's error (SYS.1007, SYS.1003, SYS.1001, SYS.1000); ID.1001 for an invalid " +
      'session; SYS.1007 for a path that is not a uuid',
  })
  @ApiBadRequestResponse({
    type: ErrorEnvelopeDto,
    description: 'ID.1001: the Authorization header is missing or not OAuth',
  })
  @ApiNotFoundResponse({
    type: ErrorEnvelopeDto,
    description: 'SYS.1003: the job is unknown, expired, or made by another account',
  })
  async getApiJob(
    @Param('uuid') uuid: string,
    @CurrentSession() session: AuthSession,
    @Res({ passthrough: true }) response: Response,
  ): Promise<object> {
    const outcome = await this.jobs.outcomeFor(uuid, session.accountUuid);
    const code = errorCodeOf(outcome);

    if (code) {
      recordAnsweredErrorCode(response, code);
    }
    response.status(outcome.statusCode);

    return outcome.body;
  }
}
