import { Body, Controller, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ApiZStackErrors } from '../common/errors/api-zstack-errors.decorator';

import { LogInByAccountDto } from './dto/log-in-by-account.dto';
import { LogInReplyDto } from './dto/session-inventory.dto';
import { Public } from './public.decorator';
import { SessionService } from './session.service';

@ApiTags('accounts')
@ApiZStackErrors()
@Controller('zstack/v1/accounts')
export class AccountController {
  constructor(private readonly sessions: SessionService) {}

  @Public()
  @Put('login')
  @ApiOperation({ summary: 'LogInByAccount: issues a session' })
  @ApiOkResponse({ type: LogInReplyDto })
  async logIn(@Body() body: LogInByAccountDto): Promise<LogInReplyDto> {
    const { accountName, password } = body.logInByAccount;

    return { inventory: await this.sessions.logIn(accountName, password) };
  }
}
