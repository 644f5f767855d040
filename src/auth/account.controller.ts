import { Body, Controller, Delete, Get, Ip, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';

import { ApiZStackErrors } from '../common/errors/api-zstack-errors.decorator';
import { ErrorEnvelopeDto } from '../common/errors/error-envelope.dto';

import { LogInByAccountDto } from './dto/log-in-by-account.dto';
import { LogInReplyDto, SessionValidityDto } from './dto/session-inventory.dto';
import { Public } from './public.decorator';
import { SessionUuidPipe } from './session-uuid.pipe';
import { SessionService } from './session.service';

@ApiTags('accounts')
@ApiZStackErrors()
@Controller('zstack/v1/accounts')
export class AccountController {
  constructor(private readonly sessions: SessionService) {}

  @Public()
  @Put('login')
  @ApiOperation({ summary: 'LogInByAccount: issues a session' })
  @ApiResponse({
    status: 429,
    type: ErrorEnvelopeDto,
    description:
      'SYS.1006: too many failed logins for the account or from the address; see Retry-After',
  })
  @ApiOkResponse({ type: LogInReplyDto })
  async logIn(@Body() body: LogInByAccountDto, @Ip() address: string): Promise<LogInReplyDto> {
    const { accountName, password } = body.logInByAccount;

    return { inventory: await this.sessions.logIn(accountName, password, address) };
  }

  /** As in ZStack, the session uuid in the path is the credential: no header is needed. */
  @Public()
  @Delete('sessions/:uuid')
  @ApiOperation({ summary: 'LogOut: the session stops working at once' })
  @ApiOkResponse({ description: 'an empty object', schema: { type: 'object', example: {} } })
  async logOut(@Param('uuid', SessionUuidPipe) uuid: string): Promise<Record<string, never>> {
    await this.sessions.logOut(uuid);

    return {};
  }

  @Public()
  @Get('sessions/:uuid/valid')
  @ApiOperation({ summary: 'ValidateSession: whether a session is live' })
  @ApiOkResponse({ type: SessionValidityDto })
  async validateSession(@Param('uuid', SessionUuidPipe) uuid: string): Promise<SessionValidityDto> {
    return { valid: await this.sessions.isValid(uuid) };
  }
}
