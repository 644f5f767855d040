import { HttpStatus, Injectable } from '@nestjs/common';

import { randomUUID } from 'node:crypto';

import { ErrorCode } from '../common/errors/error-code';
import { ZStackException } from '../common/errors/zstack.exception';
import { AppConfig } from '../config/app-config';
import { PrismaService } from '../database/prisma.service';
import { Prisma } from '../generated/prisma/client';

import { AuthSession } from './auth-session';
import { SessionInventoryDto } from './dto/session-inventory.dto';
import { LoginThrottle } from './login-throttle';
import { PasswordHasher } from './password-hasher';

/** ZStack's admin account, which sees every VM. */
export const ADMIN_ACCOUNT_UUID = '36c27e8ff05c4780bf6d2fa65700f22e';

/** A valid session's expiry is written at most this often, not on every call. */
const RENEWAL_INTERVAL_MS = 60_000;

const DISABLED = 'Disabled';

interface SessionRow {
  uuid: string;
  account_uuid: string;
  user_uuid: string;
  expired_date: Date;
  account_type: string;
  account_state: string;
}

@Injectable()
export class SessionService {
  /**
   * Sessions whose renewal is being written: every call that reads the old
   * expiry would write it again, and a client with many connections would turn
   * one renewal a minute into a burst of updates queued on the same row.
   */
  private readonly renewing = new Set<string>();

  constructor(
    private readonly config: AppConfig,
    private readonly prisma: PrismaService,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
  ) {}

  /** ZStack's LogInByAccount: a wrong name and a wrong password get the same answer. */
  async logIn(
    accountName: string,
    password: string,
    address: string,
  ): Promise<SessionInventoryDto> {
    await this.throttle.assertAllowed(accountName, address);

    const account = await this.prisma.account.findUnique({
      where: { name: accountName },
      select: { uuid: true, state: true, passwordHash: true },
    });
    const matches = await this.hasher.verify(account?.passwordHash, password);

    if (!account || !matches) {
      await this.throttle.recordFailure(accountName, address);

      throw new ZStackException(ErrorCode.AuthenticationFailure, 'wrong account name or password');
    }

    await this.throttle.recordSuccess(accountName);

    if (account.state === DISABLED) {
      throw accountDisabled();
    }

    const session = await this.prisma.session.create({
      data: {
        uuid: randomUUID().replaceAll('-', ''),
        accountUuid: account.uuid,
        userUuid: account.uuid,
        expiredDate: this.nextExpiry(),
      },
    });
    await this.dropSessionsOverCap(account.uuid);

    return {
      uuid: session.uuid,
      accountUuid: session.accountUuid,
      userUuid: session.userUuid,
      expiredDate: session.expiredDate.toISOString(),
      createDate: session.createDate.toISOString(),
    };
  }

  /**
   * Checks a session in one statement. An expired one is deleted; a valid one
   * slides its expiry forward, written at most once a minute.
   */
  async authenticate(sessionUuid: string): Promise<AuthSession> {
    // On the pg pool under Prisma, as the facts statement: the raw query path of
    // the client costs more than the lookup itself.
    const statement = sessionQuery(sessionUuid);
    const {
      rows: [row],
    } = await this.prisma.pool.query<SessionRow>(statement.text, statement.values);

    if (!row) {
      throw sessionExpired();
    }

    const now = Date.now();

    if (row.expired_date.getTime() <= now) {
      await this.prisma.session.deleteMany({ where: { uuid: row.uuid } });

      throw sessionExpired();
    }

    if (row.account_state === DISABLED) {
      throw accountDisabled();
    }

    if (this.nextExpiry(now).getTime() - row.expired_date.getTime() >= RENEWAL_INTERVAL_MS) {
      await this.renew(row.uuid, now);
    }

    return {
      uuid: row.uuid,
      accountUuid: row.account_uuid,
      userUuid: row.user_uuid,
      isAdmin: row.account_uuid === ADMIN_ACCOUNT_UUID || row.account_type === 'SystemAdmin',
    };
  }

  /** ZStack's LogOut: the session stops working at once. Logging out twice is harmless. */
  async logOut(sessionUuid: string): Promise<void> {
    await this.prisma.session.deleteMany({ where: { uuid: sessionUuid } });
  }

  /** ZStack's ValidateSession: whether the session exists and has not expired. */
  async isValid(sessionUuid: string): Promise<boolean> {
    const live = await this.prisma.session.count({
      where: { uuid: sessionUuid, expiredDate: { gt: new Date() } },
    });

    return live > 0;
  }

  private async renew(sessionUuid: string, now: number): Promise<void> {
    if (this.renewing.has(sessionUuid)) {
      return;
    }

    this.renewing.add(sessionUuid);

    try {
      // One statement: the client's updateMany wraps its UPDATE in BEGIN and COMMIT.
      const statement = Prisma.sql`
        UPDATE session SET expired_date = ${this.nextExpiry(now)} WHERE uuid = ${sessionUuid}`;
      await this.prisma.pool.query(statement.text, statement.values);
    } finally {
      this.renewing.delete(sessionUuid);
    }
  }

  private nextExpiry(now = Date.now()): Date {
    return new Date(now + this.config.SESSION_TIMEOUT_SECONDS * 1000);
  }

  /** An account keeps at most MAX_SESSIONS_PER_ACCOUNT live sessions; the oldest go first. */
  private async dropSessionsOverCap(accountUuid: string): Promise<void> {
    await this.prisma.$executeRaw`
      DELETE FROM session
       WHERE uuid IN (SELECT uuid
                        FROM session
                       WHERE account_uuid = ${accountUuid}
                       ORDER BY create_date DESC, uuid DESC
                      OFFSET ${this.config.MAX_SESSIONS_PER_ACCOUNT})`;
  }
}

/** The one statement that checks a session and its account; exported so that its plan can be checked. */
export function sessionQuery(sessionUuid: string): Prisma.Sql {
  return Prisma.sql`
      SELECT s.uuid, s.account_uuid, s.user_uuid, s.expired_date,
             a.type::text AS account_type, a.state AS account_state
        FROM session s
        JOIN account a ON a.uuid = s.account_uuid
       WHERE s.uuid = ${sessionUuid}`;
}

export function sessionExpired(): ZStackException {
  return new ZStackException(ErrorCode.InvalidSession, 'Session expired');
}

function accountDisabled(): ZStackException {
  return new ZStackException(ErrorCode.OperationFailure, 'the account is disabled');
}

/** A missing header, or one whose scheme is not OAuth, is a client error (400). */
export function missingSession(details: string): ZStackException {
  return new ZStackException(ErrorCode.InvalidSession, details, HttpStatus.BAD_REQUEST);
}
