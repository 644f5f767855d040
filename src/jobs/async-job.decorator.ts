import { HttpStatus, applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';

import { ApiJobLocationDto } from './dto/api-job-location.dto';

/**
 * Documents a route that can be called as ZStack's asynchronous job
 * (X-Job-UUID). The route answers so through `ApiJobService.answer`, with the
 * job that `@RequestedJob()` gives it; it must need a session.
 */
export const AsyncJob = (): MethodDecorator =>
  applyDecorators(
    ApiHeader({
      name: 'X-Job-UUID',
      required: false,
      description:
        'answer as a job: 202 with the location to poll (GET /zstack/v1/api-jobs/{uuid}); ' +
        'a uuid of 32 hex characters (the dashed form is accepted), as ZStack SDKs send with ' +
        'every call. Without it, the call answers at once',
      schema: { type: 'string', example: '5d3ab2c1e8f04b7a9c6d2e1f0a9b8c7d' },
    }),
    ApiHeader({
      name: 'X-JSON-Schema',
      required: false,
      description: 'sent by ZStack SDKs; ignored',
      schema: { type: 'string' },
    }),
    ApiResponse({
      status: HttpStatus.ACCEPTED,
      type: ApiJobLocationDto,
      headers: { Location: { description: 'the same location', schema: { type: 'string' } } },
      description:
        "with X-Job-UUID: the call's outcome is stored for GET on location; errors other " +
        'than a missing or invalid session, or a body that is not JSON, are read there',
    }),
  );
