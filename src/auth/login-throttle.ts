import { HttpStatus, Injectable } from '@nestjs/common';

import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

import { ErrorCode } from '../common/errors/error-code';
import { ZStackException } from '../common/errors/zstack.exception';
import { AppConfig } from '../config/app-config';

/**
 * Refuses logins for an account name, or from an address, after repeated
 * failures within LOGIN_LOCKOUT_SECONDS (counted with rate-limiter-flexible).
 * Unknown account names count like known ones, so a refusal tells nothing about
 * which names exist. A success clears its account's count; an address's count
 * only runs out, so that one good login cannot reset a guessing spree.
 *
 * The counts live in this process's memory: each replica counts its own, and a
 * restart forgets them.
 */
@Injectable()
export class LoginThrottle {
  private readonly byAccount: RateLimiterMemory;
  private readonly byAddress: RateLimiterMemory;

  constructor(config: AppConfig) {
    const duration = config.LOGIN_LOCKOUT_SECONDS;
    this.byAccount = new RateLimiterMemory({
      keyPrefix: 'login-account',
      points: config.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      duration,
    });
    this.byAddress = new RateLimiterMemory({
      keyPrefix: 'login-address',
      points: config.LOGIN_MAX_FAILURES_PER_ADDRESS,
      duration,
    });
  }

  async assertAllowed(accountName: string, address: string): Promise<void> {
    const waits = await Promise.all([
      this.waitBefore(this.byAccount, accountName),
      this.waitBefore(this.byAddress, address),
    ]);
    const waitMs = Math.max(...waits);

    if (waitMs > 0) {
      throw new ZStackException(
        ErrorCode.OperationFailure,
        'too many failed logins; try again later',
        HttpStatus.TOO_MANY_REQUESTS,
        { 'Retry-After': String(Math.ceil(waitMs / 1000)) },
      );
    }
  }

  async recordFailure(accountName: string, address: string): Promise<void> {
    // consume() rejects once the points are spent; the refusal is assertAllowed's to make.
    await Promise.all([
      this.byAccount.consume(accountName).catch(() => undefined),
      this.byAddress.consume(address).catch(() => undefined),
    ]);
  }

  async recordSuccess(accountName: string): Promise<void> {
    await this.byAccount.delete(accountName);
  }

  /** How long until a key may try again; 0 while it has failures to spare. */
  private async waitBefore(limiter: RateLimiterMemory, key: string): Promise<number> {
    const state: RateLimiterRes | null = await limiter.get(key);

    return state && state.consumedPoints >= limiter.points ? state.msBeforeNext : 0;
  }
}
