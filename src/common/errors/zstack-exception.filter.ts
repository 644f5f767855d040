import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';

import { Response } from 'express';

import { recordAnsweredErrorCode } from './answered-error-code';
import { asZStackException, errorEnvelope } from './zstack-error-mapping';

/** Renders every failure as ZStack's ErrorCode envelope. */
@Catch()
export class ZStackExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(ZStackExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const error = asZStackException(exception, this.logger);

    if (response.headersSent) {
      return;
    }

    recordAnsweredErrorCode(response, error.code);
    response.status(error.status).set(error.headers).json(errorEnvelope(error));
  }
}
