#!/usr/bin/env node
// Runs the Prisma CLI the way this project needs it (see prisma.config.ts):
// with the timer preload, and with a placeholder DATABASE_URL for `generate`,
// which reads no database, but without the variable Prisma would fall back to
// its native engine and try to download it.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..');
const args = process.argv.slice(2);
const env = { ...process.env };

if (!env.DATABASE_URL && args[0] === 'generate') {
  env.DATABASE_URL = 'postgresql://localhost:5432/generate-reads-no-database';
}

const result = spawnSync(
  process.execPath,
  [
    '--require',
    path.join(root, 'prisma', 'cli-preload.js'),
    require.resolve('prisma/build/index.js', { paths: [root] }),
    ...args,
  ],
  { cwd: root, env, stdio: 'inherit' },
);

process.exit(result.status ?? 1);
