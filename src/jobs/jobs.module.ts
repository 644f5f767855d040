import { Module } from '@nestjs/common';

import { ApiJobSweeper } from './api-job-sweeper';
import { ApiJobRepository } from './api-job.repository';
import { ApiJobService } from './api-job.service';
import { ApiJobsController } from './api-jobs.controller';

/** ZStack's asynchronous job protocol: calls answered as jobs, and their poll. */
@Module({
  controllers: [ApiJobsController],
  providers: [ApiJobRepository, ApiJobService, ApiJobSweeper],
  exports: [ApiJobService],
})
export class JobsModule {}
