import { Injectable } from '@nestjs/common';

import { ErrorCode } from '../common/errors/error-code';
import { ZStackException } from '../common/errors/zstack.exception';
import { isZStackUuid } from '../common/uuid';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';

import { VmCapabilities, decideCapabilities } from './capability-rules';
import { VmCapabilityFlagsDto } from './dto/vm-capabilities.dto';
import { Viewer, VmFactsRepository } from './vm-facts.repository';
import { AskedVm, toAskedVms } from './vm-uuid-list';

/** ZStack's system tag that asks for every check and no answer. */
const VALIDATION_ONLY = 'validationOnly';

export interface CapabilityQueryOptions {
  /** ZStack system tags; a query heeds only `validationOnly`. */
  systemTags?: readonly string[];
}

@Injectable()
export class VmCapabilityService {
  constructor(
    private readonly config: AppConfig,
    private readonly facts: VmFactsRepository,
    private readonly metrics: MetricsService,
  ) {}

  /** GetVmsCapabilities: the flags of every asked VM, keyed by its uuid as sent. */
  async getVmsCapabilities(
    vmUuids: readonly unknown[],
    viewer: Viewer,
    options: CapabilityQueryOptions = {},
  ): Promise<Record<string, VmCapabilities>> {
    const asked = toAskedVms(vmUuids, this.config.MAX_VM_UUIDS);
    const found = await this.facts.findVisible(
      asked.map((vm) => vm.uuid),
      viewer,
    );
    const missing = asked.filter((vm) => !found.has(vm.uuid));

    if (missing.length > 0) {
      throw notFound(missing);
    }

    if (options.systemTags?.includes(VALIDATION_ONLY)) {
      return {};
    }

    // Built in one loop into a plain object: at 1,000 VMs, an array of pairs and
    // Object.fromEntries cost a measurable share of the call.
    const answer: Record<string, VmCapabilities> = {};

    for (const vm of asked) {
      answer[vm.asSent] = decideCapabilities(found.get(vm.uuid)!);
    }

    // Counted once every VM is decided, so that a call failing on one VM counts none.
    this.metrics.countCapabilities(Object.values(answer));

    return answer;
  }

  /** GetVmCapabilities: one VM's flags under that API's names. */
  async getVmCapabilities(vmUuid: string, viewer: Viewer): Promise<VmCapabilityFlagsDto> {
    if (!isZStackUuid(vmUuid)) {
      throw new ZStackException(
        ErrorCode.InvalidArgument,
        'uuid is not a uuid of 32 hex characters',
      );
    }

    const answer = await this.getVmsCapabilities([vmUuid], viewer);
    const caps = Object.values(answer)[0];

    return {
      LiveMigration: caps.supportLiveMigration,
      VolumeMigration: caps.supportVolumeMigration,
      Reimage: caps.supportReimage,
      MemorySnapshot: caps.supportMemorySnapshot,
    };
  }
}

/** Unknown and unseen VMs get the same answer, so nobody can probe which uuids exist. */
function notFound(missing: AskedVm[]): ZStackException {
  const uuids = missing.map((vm) => vm.asSent).join(', ');

  return new ZStackException(
    ErrorCode.ResourceNotFound,
    `cannot find the VM instance(s): ${uuids}`,
  );
}
