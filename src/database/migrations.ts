import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

import { projectRoot } from '../project-root';

const run = promisify(execFile);

/**
 * Applies the committed migrations with `prisma migrate deploy`, the Prisma CLI
 * running its WebAssembly schema engine (see prisma.config.ts).
 */
export async function applyMigrations(databaseUrl: string): Promise<string> {
  const root = projectRoot();
  const cli = require.resolve('prisma/build/index.js', { paths: [root] });
  const preload = path.join(root, 'prisma', 'cli-preload.js');

  try {
    const { stdout } = await run(
      process.execPath,
      ['--require', preload, cli, 'migrate', 'deploy'],
      { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl }, timeout: 120_000 },
    );

    return stdout.trim();
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };

    throw new Error(`prisma migrate deploy failed:\n${[stdout, stderr].join('\n').trim()}`);
  }
}
