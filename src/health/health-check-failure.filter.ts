import { ArgumentsHost, Catch, ExceptionFilter, ServiceUnavailableException } from '@nestjs/common';

import { Response } from 'express';

/**
 * Terminus reports a failed check by throwing a ServiceUnavailableException
 * that holds the check's result: probes and operators expect that result with a
 * 503, not the ZStack error envelope that the global filter gives API routes.
 */
@Catch(ServiceUnavailableException)
export class HealthCheckFailureFilter implements ExceptionFilter {
  catch(exception: ServiceUnavailableException, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();

    if (response.headersSent) {
      return;
    }

    response
      .status(exception.getStatus())
      .set('Cache-Control', 'no-cache, no-store, must-revalidate')
      .json(exception.getResponse());
  }
}
