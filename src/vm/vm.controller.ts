import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';

import { AuthSession } from '../auth/auth-session';
import { CurrentSession } from '../auth/current-session.decorator';
import { ApiZStackErrors } from '../common/errors/api-zstack-errors.decorator';
import { validatedBody } from '../common/validation/validation-pipe';
import { ApiJobService } from '../jobs/api-job.service';
import { AsyncJob } from '../jobs/async-job.decorator';
import { ApiJobLocationDto } from '../jobs/dto/api-job-location.dto';
import { JobRequest, RequestedJob } from '../jobs/requested-job.decorator';

import { GetVmsCapabilitiesDto } from './dto/get-vms-capabilities.dto';
import { VmCapabilitiesReplyDto, VmsCapabilitiesReplyDto } from './dto/vm-capabilities.dto';
import { VmCapabilityService } from './vm-capability.service';
import { listFromQuery, vmUuidsFromQuery } from './vm-uuid-list';

@ApiTags('vm-instances')
@ApiZStackErrors()
@Controller('zstack/v1/vm-instances')
export class VmController {
  constructor(
    private readonly capabilities: VmCapabilityService,
    private readonly jobs: ApiJobService,
  ) {}

  @Post('capabilities')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'GetVmsCapabilities, as documented for ZStack 4.x' })
  @ApiBody({
    type: GetVmsCapabilitiesDto,
    examples: {
      documented: {
        summary: 'the request of ZStack documentation',
        value: {
          params: { vmUuids: '68e8ed0735333faab95816b3e8596cea' },
          systemTags: [],
          userTags: [],
        },
      },
      list: {
        summary: 'a list, as ZStack SDKs send',
        value: { params: { vmUuids: ['68e8ed0735333faab95816b3e8596cea'] } },
      },
    },
  })
  @ApiOkResponse({ type: VmsCapabilitiesReplyDto })
  @AsyncJob()
  async getVmsCapabilities(
    // Checked inside the job's work, not by the global pipe: as a job, an
    // invalid body is an outcome for the poll, where ZStack's SDKs read errors.
    @Body() body: unknown,
    @CurrentSession() session: AuthSession,
    @RequestedJob() job: JobRequest | undefined,
  ): Promise<VmsCapabilitiesReplyDto | ApiJobLocationDto> {
    return this.jobs.answer(job, async () => {
      const { params, systemTags } = await validatedBody(GetVmsCapabilitiesDto, body);
      // Either list may be absent or null, which the validators let through as optional.
      const vmsCaps = await this.capabilities.getVmsCapabilities(params.vmUuids, session, {
        systemTags: [...(systemTags ?? []), ...(params.systemTags ?? [])],
      });

      return { vmsCaps };
    });
  }

  @Get('capabilities')
  @ApiOperation({ summary: 'GetVmsCapabilities, in the form ZStack 5.x clients send' })
  @ApiQuery({
    name: 'vmUuids',
    type: [String],
    description: 'repeated (`vmUuids=A&vmUuids=B`) or indexed (`vmUuids.0=A&vmUuids.1=B`)',
  })
  @ApiQuery({
    name: 'systemTags',
    required: false,
    type: [String],
    description:
      'repeated or indexed, as vmUuids; `validationOnly` runs every check and answers ' +
      '`{"vmsCaps":{}}`, other tags are ignored',
  })
  @ApiOkResponse({ type: VmsCapabilitiesReplyDto })
  async queryVmsCapabilities(
    @Query() query: Record<string, unknown>,
    @CurrentSession() session: AuthSession,
  ): Promise<VmsCapabilitiesReplyDto> {
    const vmsCaps = await this.capabilities.getVmsCapabilities(vmUuidsFromQuery(query), session, {
      systemTags: listFromQuery(query, 'systemTags').filter((tag) => typeof tag === 'string'),
    });

    return { vmsCaps };
  }

  @Get(':uuid/capabilities')
  @ApiOperation({ summary: "GetVmCapabilities: one VM, in that API's flag names" })
  @ApiOkResponse({ type: VmCapabilitiesReplyDto })
  async getVmCapabilities(
    @Param('uuid') uuid: string,
    @CurrentSession() session: AuthSession,
  ): Promise<VmCapabilitiesReplyDto> {
    const capabilities = await this.capabilities.getVmCapabilities(uuid, session);

    return { capabilities };
  }
}
