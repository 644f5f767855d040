import { Injectable, Logger } from '@nestjs/common';

import { randomInt, randomUUID } from 'node:crypto';

import { ErrorCode } from '../../common/errors/error-code';
import { ZStackException } from '../../common/errors/zstack.exception';
import { AppConfig } from '../../config/app-config';
import { PrismaService } from '../../database/prisma.service';
import { Prisma } from '../../generated/prisma/client';
import { AuthSession } from '../auth-session';
import { ADMIN_ACCOUNT_UUID } from '../session.service';

import { SecretCipher } from './secret-cipher';
import {
  MAX_CLOCK_SKEW_MS,
  parseAuthorization,
  parseSignatureDate,
  sign,
  signaturesMatch,
  stringToSign,
} from './zstack-signature';

export type AccessKeyState = 'Enabled' | 'Disabled';

/** A new access key; its secret is shown this once and kept only encrypted. */
export interface CreatedAccessKey {
  uuid: string;
  accessKeyId: string;
  accessKeySecret: string;
}

export interface AccessKeySummary {
  uuid: string;
  accessKeyId: string;
  accountUuid: string;
  accountName: string;
  state: string;
  createDate: Date;
  lastOpDate: Date;
}

/** What a signed request brings: its method, its URL as sent, and two of its headers. */
export interface SignedRequest {
  method: string;
  url: string;
  authorization: string;
  date?: string;
}

/** The operator asked about an access key id that does not exist. */
export class AccessKeyNotFoundError extends Error {
  constructor() {
    super('no access key with that id');
  }
}

/** Access keys need ACCESS_KEY_ENCRYPTION_KEY to be created. */
export class AccessKeysDisabledError extends Error {
  constructor() {
    super('ACCESS_KEY_ENCRYPTION_KEY is unset: access keys can be neither created nor used');
  }
}

interface AccessKeyRow {
  uuid: string;
  account_uuid: string;
  secret_encrypted: string;
  key_state: string;
  account_type: string;
  account_state: string;
}

const ID_LENGTH = 20;
const SECRET_LENGTH = 40;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const EXAMPLE_DATE = 'Thu, 03 Dec 2026 19:20:00 Asia/Shanghai';

/**
 * ZStack's access keys: an alternative to sessions for scripts and SDKs, which
 * sign each request with the key's secret instead of logging in. A key acts as
 * its account: the same VMs, the same refusal when the account is disabled.
 *
 * A signed request may be replayed, unchanged, while its Date is within 15
 * minutes of the server's clock, as ZStack's scheme signs no nonce; the body is
 * not signed either. Both are the scheme's, kept for its SDKs' sake.
 */
@Injectable()
export class AccessKeyService {
  private readonly cipher?: SecretCipher;
  private readonly logger = new Logger(AccessKeyService.name);

  constructor(
    config: AppConfig,
    private readonly prisma: PrismaService,
  ) {
    const key = config.ACCESS_KEY_ENCRYPTION_KEY;
    this.cipher = key ? new SecretCipher(key) : undefined;
  }

  /** A new Enabled key of the account; the secret is returned here and never again. */
  async create(accountUuid: string): Promise<CreatedAccessKey> {
    const cipher = this.enabledCipher();
    const uuid = randomUUID().replaceAll('-', '');
    const accessKeyId = randomText(ID_LENGTH);
    const accessKeySecret = randomText(SECRET_LENGTH);
    await this.prisma.accessKey.create({
      data: {
        uuid,
        accountUuid,
        accessKeyId,
        secretEncrypted: cipher.encrypt(accessKeySecret, accessKeyId),
      },
    });

    return { uuid, accessKeyId, accessKeySecret };
  }

  /** Every key, or the keys of one account, oldest first; never their secrets. */
  async list(accountUuid?: string): Promise<AccessKeySummary[]> {
    const keys = await this.prisma.accessKey.findMany({
      where: { accountUuid },
      select: {
        uuid: true,
        accessKeyId: true,
        accountUuid: true,
        state: true,
        createDate: true,
        lastOpDate: true,
        account: { select: { name: true } },
      },
      orderBy: [{ createDate: 'asc' }, { accessKeyId: 'asc' }],
    });

    return keys.map(({ account, ...key }) => ({ ...key, accountName: account.name }));
  }

  /** The uuid of the account of that name, for the operator's command. */
  async accountUuidOf(name: string): Promise<string | undefined> {
    const account = await this.prisma.account.findUnique({
      where: { name },
      select: { uuid: true },
    });

    return account?.uuid;
  }

  /** A Disabled key is refused from the next request on; enabling it again revives it. */
  async setState(accessKeyId: string, state: AccessKeyState): Promise<void> {
    const { count } = await this.prisma.accessKey.updateMany({
      where: { accessKeyId },
      data: { state },
    });

    if (count === 0) {
      throw new AccessKeyNotFoundError();
    }
  }

  async delete(accessKeyId: string): Promise<void> {
    const { count } = await this.prisma.accessKey.deleteMany({ where: { accessKeyId } });

    if (count === 0) {
      throw new AccessKeyNotFoundError();
    }
  }

  /**
   * Checks a request signed with an access key, in one statement (the key and
   * its account), and answers the viewer it acts as. The AuthSession's uuid is
   * the key's uuid: nothing reads it as a session's, and it names what
   * authenticated the request.
   */
  async authenticate(request: SignedRequest, now = Date.now()): Promise<AuthSession> {
    if (!this.cipher) {
      throw refused(
        'access keys are not enabled on this service (ACCESS_KEY_ENCRYPTION_KEY is unset); log in for a session instead',
      );
    }

    const credentials = parseAuthorization(request.authorization);

    if (!credentials) {
      throw refused('the Authorization header must be "ZStack <accessKeyId>:<signature>"');
    }

    const date = checkedDate(request.date, now);
    // On the pg pool under Prisma, as the session's lookup: the client's raw path costs more.
    const statement = accessKeyQuery(credentials.accessKeyId);
    const {
      rows: [row],
    } = await this.prisma.pool.query<AccessKeyRow>(statement.text, statement.values);

    if (!row) {
      throw refused('the access key id is unknown');
    }

    const secret = this.cipher.decrypt(row.secret_encrypted, credentials.accessKeyId);

    if (secret === undefined) {
      this.logger.warn(
        `access key ${credentials.accessKeyId} does not decrypt with ACCESS_KEY_ENCRYPTION_KEY; was the key changed?`,
      );

      throw refused('the access key cannot be used; ask the operator for a new one');
    }

    const expected = sign(secret, stringToSign(request.method, date, request.url));

    if (!signaturesMatch(credentials.signature, expected)) {
      throw refused('the signature does not match');
    }

    if (row.key_state !== 'Enabled') {
      throw refused('the access key is disabled');
    }

    if (row.account_state === 'Disabled') {
      throw new ZStackException(ErrorCode.OperationFailure, 'the account is disabled');
    }

    return {
      uuid: row.uuid,
      accountUuid: row.account_uuid,
      userUuid: row.account_uuid,
      isAdmin: row.account_uuid === ADMIN_ACCOUNT_UUID || row.account_type === 'SystemAdmin',
    };
  }

  private enabledCipher(): SecretCipher {
    if (!this.cipher) {
      throw new AccessKeysDisabledError();
    }

    return this.cipher;
  }
}

/** The one statement that checks an access key and its account; exported so that its plan can be checked. */
export function accessKeyQuery(accessKeyId: string): Prisma.Sql {
  return Prisma.sql`
      SELECT k.uuid, k.account_uuid, k.secret_encrypted, k.state AS key_state,
             a.type::text AS account_type, a.state AS account_state
        FROM access_key k
        JOIN account a ON a.uuid = k.account_uuid
       WHERE k.access_key_id = ${accessKeyId}`;
}

/** The Date header as sent, once it is known to be within the allowed skew. */
function checkedDate(date: string | undefined, now: number): string {
  if (date === undefined || date.trim() === '') {
    throw refused(
      `the Date header is missing; a signed request sends and signs it, as "${EXAMPLE_DATE}"`,
    );
  }

  const instant = parseSignatureDate(date);

  if (!instant) {
    throw refused(
      `the Date header must be "EEE, dd MMM yyyy HH:mm:ss" and a zone id, as "${EXAMPLE_DATE}"`,
    );
  }

  if (Math.abs(instant.toMillis() - now) > MAX_CLOCK_SKEW_MS) {
    throw refused("the Date header is more than 15 minutes from the server's clock");
  }

  return date;
}

function refused(details: string): ZStackException {
  return new ZStackException(ErrorCode.InvalidSession, details);
}

/** Letters and digits from node:crypto's randomInt, which draws each without bias. */
function randomText(length: number): string {
  return Array.from({ length }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}
