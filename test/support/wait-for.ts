import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Checks again and again until the check returns something other than
 * undefined, and fails naming what it waited for once timeoutMs has passed.
 */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 5000,
  intervalMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;

  for (;;) {
    const result = await check();

    if (result !== undefined) {
      return result;
    }

    if (Date.now() >= deadline) {
      throw new Error(`gave up after ${timeoutMs} ms waiting for ${what}`);
    }

    await sleep(intervalMs);
  }
}
