import { Module } from '@nestjs/common';

import { VmCapabilityService } from './vm-capability.service';
import { VmFactsRepository } from './vm-facts.repository';
import { VmController } from './vm.controller';

@Module({
  controllers: [VmController],
  providers: [VmCapabilityService, VmFactsRepository],
})
export class VmModule {}
