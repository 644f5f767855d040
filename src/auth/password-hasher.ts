import { Injectable } from '@nestjs/common';

import { Algorithm, hash, verify } from '@node-rs/argon2';

import { AppConfig } from '../config/app-config';

/**
 * argon2id (via @node-rs/argon2) over what the client sends as its password,
 * which for ZStack clients is the SHA-512 hex digest of the password.
 */
@Injectable()
export class PasswordHasher {
  /** Verified when the account is unknown, so that both failures take as long. */
  private readonly decoy: Promise<string>;

  constructor(private readonly config: AppConfig) {
    this.decoy = this.hash('decoy password for unknown accounts');
  }

  hash(password: string): Promise<string> {
    return hash(password, {
      algorithm: Algorithm.Argon2id,
      memoryCost: this.config.PASSWORD_HASH_MEMORY_KIB,
      timeCost: this.config.PASSWORD_HASH_ITERATIONS,
    });
  }

  async verify(passwordHash: string | null | undefined, password: string): Promise<boolean> {
    const stored = passwordHash ?? (await this.decoy);
    // A stored value that is not an argon2 hash matches nothing.
    const matches = await verify(stored, password).catch(() => false);

    return matches && stored === passwordHash;
  }
}
