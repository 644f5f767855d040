import { randomBytes } from 'node:crypto';

import { SecretCipher } from './secret-cipher';

describe('SecretCipher', () => {
  const key = randomBytes(32);
  const sut = new SecretCipher(key.toString('base64'));

  it('decrypts what it encrypted for the same access key id', () => {
    const stored = sut.encrypt('the secret', 'AKID');

    expect(sut.decrypt(stored, 'AKID')).toBe('the secret');
  });

  it('never stores the secret in the clear and uses a new IV each time', () => {
    const first = sut.encrypt('the secret', 'AKID');
    const second = sut.encrypt('the secret', 'AKID');

    expect(first).not.toBe(second);
    expect(Buffer.from(first, 'base64').includes(Buffer.from('the secret'))).toBe(false);
    expect(first).not.toContain('the secret');
  });

  it('takes the key as 64 hex characters too', () => {
    const hex = new SecretCipher(key.toString('hex'));

    expect(hex.decrypt(sut.encrypt('the secret', 'AKID'), 'AKID')).toBe('the secret');
  });

  it('refuses a ciphertext moved to another access key id', () => {
    expect(sut.decrypt(sut.encrypt('the secret', 'AKID'), 'OTHER')).toBeUndefined();
  });

  it('refuses a ciphertext made with another key', () => {
    const other = new SecretCipher(randomBytes(32).toString('hex'));

    expect(other.decrypt(sut.encrypt('the secret', 'AKID'), 'AKID')).toBeUndefined();
  });

  it('refuses an altered or truncated ciphertext', () => {
    const stored = Buffer.from(sut.encrypt('the secret', 'AKID'), 'base64');
    stored[stored.length - 1] ^= 1;

    expect(sut.decrypt(stored.toString('base64'), 'AKID')).toBeUndefined();
    expect(sut.decrypt(stored.subarray(0, 20).toString('base64'), 'AKID')).toBeUndefined();
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new SecretCipher(randomBytes(16).toString('base64'))).toThrow('32 bytes');
  });
});
