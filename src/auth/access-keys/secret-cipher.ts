import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Encrypts access key secrets with AES-256-GCM (Node's crypto). Each secret
 * has its own random IV, and its access key id is bound in as associated data,
 * so that a ciphertext copied to another key's row does not decrypt. Stored as
 * base64 of IV, tag and ciphertext.
 */
export class SecretCipher {
  private readonly key: Buffer;

  /** `key`: 32 bytes, as 64 hex characters or base64. */
  constructor(key: string) {
    this.key = Buffer.from(key, /^[0-9a-fA-F]{64}$/.test(key) ? 'hex' : 'base64');

    if (this.key.length !== 32) {
      throw new Error('the access key encryption key must be 32 bytes');
    }
  }

  encrypt(secret: string, accessKeyId: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(accessKeyId, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);

    return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64');
  }

  /** The secret; undefined when the stored value was not encrypted with this key for this id. */
  decrypt(stored: string, accessKeyId: string): string | undefined {
    const bytes = Buffer.from(stored, 'base64');

    if (bytes.length <= IV_BYTES + TAG_BYTES) {
      return undefined;
    }

    try {
      const decipher = createDecipheriv(ALGORITHM, this.key, bytes.subarray(0, IV_BYTES), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(Buffer.from(accessKeyId, 'utf8'));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));

      return Buffer.concat([
        decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      // final() throws when the tag does not match: another key, or altered bytes.
      return undefined;
    }
  }
}
