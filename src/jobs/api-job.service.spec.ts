import { Logger } from '@nestjs/common';

import { ERROR_DESCRIPTIONS, ErrorCode } from '../common/errors/error-code';
import { ZStackException } from '../common/errors/zstack.exception';
import { AppConfig } from '../config/app-config';

import { ApiJobRepository } from './api-job.repository';
import { ApiJobService } from './api-job.service';

describe('ApiJobService', () => {
  let sut: ApiJobService;

  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'error').mockImplementation();
    jest.spyOn(Logger.prototype, 'warn').mockImplementation();
    jest.spyOn(Logger.prototype, 'debug').mockImplementation();
    // outcomeOfFailure reads no table; outcomeFor and record are tested on Postgres.
    sut = new ApiJobService(new AppConfig(), {} as ApiJobRepository);
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  describe('outcomeOfFailure', () => {
    it("keeps a ZStack error's status and renders its whole envelope", () => {
      const outcome = sut.outcomeOfFailure(
        new ZStackException(ErrorCode.ResourceNotFound, 'cannot find the VM instance(s): x'),
      );

      expect(outcome).toEqual({
        statusCode: 503,
        body: {
          error: {
            code: 'SYS.1003',
            description: ERROR_DESCRIPTIONS[ErrorCode.ResourceNotFound],
            details: 'cannot find the VM instance(s): x',
            elaboration: null,
            opaque: null,
            cause: null,
          },
        },
      });
    });

    it('answers a database that did not answer with SYS.1001', () => {
      const outcome = sut.outcomeOfFailure(
        Object.assign(new Error('secret host db:5432'), { code: 'ECONNREFUSED' }),
      );

      expect(outcome.statusCode).toBe(503);
      expect(outcome.body).toMatchObject({ error: { code: 'SYS.1001' } });
      expect(JSON.stringify(outcome.body)).not.toContain('secret');
    });

    it('answers anything else with SYS.1000, logs it, and withholds its message', () => {
      const error = new Error('secret internal text');

      const outcome = sut.outcomeOfFailure(error);

      expect(outcome.statusCode).toBe(503);
      expect(outcome.body).toMatchObject({ error: { code: 'SYS.1000' } });
      expect(JSON.stringify(outcome.body)).not.toContain('secret');
      expect(Logger.prototype.error).toHaveBeenCalledWith(
        expect.objectContaining({ err: error }),
        expect.any(String),
      );
    });
  });
});
