import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ServiceProcess } from './support/service-process';
import { waitFor } from './support/wait-for';

/** A line of a stack trace, as Node prints one. */
const STACK_FRAME = /^\s+at /m;

describe('a service that cannot start (e2e)', () => {
  const started: ServiceProcess[] = [];
  let folder: string | undefined;

  afterAll(async () => {
    for (const service of started.reverse()) {
      service.signal('SIGTERM');
      await service.waitForExit(20_000).catch(() => service.kill());
    }

    if (folder) {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('says what is wrong with the configuration in one line, without a stack trace', async () => {
    const service = await ServiceProcess.start({ PORT: '99999', LOG_LEVEL: 'silent' });
    started.push(service);

    const exit = await service.waitForExit(20_000);

    expect(exit.code).toBe(1);
    expect(service.lastOutput.trim()).toMatch(/^Invalid configuration: PORT is invalid \(.+\)$/);
  });

  it('names the running service that holds the embedded data folder, without a stack trace', async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'vm-capabilities-startup-'));
    // As root, the embedded server runs as the `postgres` user, which must enter the folder.
    chmodSync(folder, 0o755);
    const env = {
      // Empty counts as unset: the embedded Postgres, whatever the tests run on.
      DATABASE_URL: '',
      EMBEDDED_POSTGRES_DIR: folder,
      LOG_LEVEL: 'silent',
      PASSWORD_HASH_MEMORY_KIB: '64',
      PASSWORD_HASH_ITERATIONS: '1',
    };
    const first = await ServiceProcess.start(env);
    started.push(first);
    await waitFor(
      'the first service to listen',
      async () =>
        (await fetch(`http://127.0.0.1:${first.port}/health/live`).catch(() => null))?.ok ||
        undefined,
      90_000,
    );

    const second = await ServiceProcess.start(env);
    started.push(second);
    const exit = await second.waitForExit(30_000);

    expect(exit.code).toBe(1);
    expect(second.lastOutput).toContain(`belongs to a running service (pid `);
    expect(second.lastOutput).not.toMatch(STACK_FRAME);
    expect(first.exited).toBeUndefined();
  }, 150_000);
});
