import { ApiProperty, getSchemaPath } from '@nestjs/swagger';

/** The four flags of one VM in GetVmsCapabilities. */
export class VmCapabilitiesDto {
  /** Whether the VM can be live-migrated to another host. */
  supportLiveMigration!: boolean;

  /** Whether the VM's volumes can be migrated to another primary storage now. */
  supportVolumeMigration!: boolean;

  /** Whether the VM's root volume can be reimaged from its image. */
  supportReimage!: boolean;

  /** Whether the VM can take a memory snapshot. */
  supportMemorySnapshot!: boolean;
}

/** The answer of GetVmsCapabilities: the flags of every asked VM, keyed by its uuid as sent. */
export class VmsCapabilitiesReplyDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(VmCapabilitiesDto) },
    example: {
      '68e8ed0735333faab95816b3e8596cea': {
        supportLiveMigration: true,
        supportVolumeMigration: true,
        supportReimage: true,
        supportMemorySnapshot: false,
      },
    },
  })
  vmsCaps!: Record<string, VmCapabilitiesDto>;
}

/** The four flags of one VM in GetVmCapabilities, in that API's names. */
export class VmCapabilityFlagsDto {
  LiveMigration!: boolean;
  VolumeMigration!: boolean;
  Reimage!: boolean;
  MemorySnapshot!: boolean;
}

/** The answer of GetVmCapabilities. */
export class VmCapabilitiesReplyDto {
  capabilities!: VmCapabilityFlagsDto;
}
