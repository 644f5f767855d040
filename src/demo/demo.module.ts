import { Module } from '@nestjs/common';

import { AuthModule } from '../auth/auth.module';

import { DemoInventoryService } from './demo-inventory.service';

@Module({
  imports: [AuthModule],
  providers: [DemoInventoryService],
  exports: [DemoInventoryService],
})
export class DemoModule {}
