import { Module } from '@nestjs/common';

import { JobsModule } from '../jobs/jobs.module';

import { VmCapabilityService } from './vm-capability.service';
import { VmFactsRepository } from './vm-facts.repository';
import { VmController } from './vm.controller';

@Module({
  // The POST form can be answered as a job, through the job service.
  imports: [JobsModule],
  controllers: [VmController],
  providers: [VmCapabilityService, VmFactsRepository],
})
export class VmModule {}
