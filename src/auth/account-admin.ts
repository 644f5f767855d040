import { createHash, randomUUID } from 'node:crypto';

import { PrismaService } from '../database/prisma.service';

import { PasswordHasher } from './password-hasher';

export interface AccountSummary {
  name: string;
  uuid: string;
  type: string;
  state: string;
  createDate: Date;
}

/** ZStack clients send the SHA-512 hex digest of a password; that digest is what is hashed. */
const clientDigest = (password: string): string =>
  createHash('sha512').update(password).digest('hex');

/** The operator's account work: create, reset a password, enable, disable, list. */
export class AccountAdmin {
  constructor(
    private readonly prisma: PrismaService,
    private readonly hasher: PasswordHasher,
  ) {}

  async create(name: string, password: string, admin = false): Promise<AccountSummary> {
    return this.prisma.account.create({
      data: {
        uuid: randomUUID().replaceAll('-', ''),
        name,
        type: admin ? 'SystemAdmin' : 'Normal',
        passwordHash: await this.hasher.hash(clientDigest(password)),
      },
      select: SUMMARY,
    });
  }

  /** A new password also ends the account's sessions. */
  async resetPassword(name: string, password: string): Promise<void> {
    const passwordHash = await this.hasher.hash(clientDigest(password));

    await this.prisma.$transaction(async (tx) => {
      const account = await tx.account.update({ where: { name }, data: { passwordHash } });
      await tx.session.deleteMany({ where: { accountUuid: account.uuid } });
    });
  }

  /**
   * While an account is Disabled its sessions stay, and each call with one
   * answers SYS.1006, as ZStack does. Enabling it again ends them, so that
   * none issued before the account was disabled comes back to life.
   */
  async setState(name: string, state: 'Enabled' | 'Disabled'): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const before = await tx.account.findUniqueOrThrow({
        where: { name },
        select: { state: true },
      });
      const account = await tx.account.update({ where: { name }, data: { state } });

      if (state === 'Enabled' && before.state !== 'Enabled') {
        await tx.session.deleteMany({ where: { accountUuid: account.uuid } });
      }
    });
  }

  list(): Promise<AccountSummary[]> {
    return this.prisma.account.findMany({ select: SUMMARY, orderBy: { name: 'asc' } });
  }
}

const SUMMARY = { name: true, uuid: true, type: true, state: true, createDate: true } as const;
