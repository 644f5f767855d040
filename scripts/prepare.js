#!/usr/bin/env node
// Run by `npm start`, `npm test` and the other commands that need the build,
// before they start: installs the locked dependencies when they are missing or
// stale, generates the Prisma client, and builds the service when its sources
// are newer than the build (the tests also run the built service as a process).
// Plain Node with no dependencies, as it runs before they are installed.
const { execSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const at = (...parts) => path.join(root, ...parts);

function newestChange(target) {
  if (!existsSync(target)) {
    return 0;
  }

  const stats = statSync(target);

  if (!stats.isDirectory()) {
    return stats.mtimeMs;
  }

  return readdirSync(target)
    .filter((name) => name !== 'generated')
    .reduce((newest, name) => Math.max(newest, newestChange(path.join(target, name))), 0);
}

function oldestOutput(target) {
  return existsSync(target) ? statSync(target).mtimeMs : 0;
}

function run(command, why) {
  console.error(`> ${command}  (${why})`);
  // Their output goes to standard error, so that standard output holds only the
  // service's JSON log lines.
  execSync(command, { cwd: root, stdio: ['inherit', process.stderr, 'inherit'] });
}

const installed = at('node_modules', '.package-lock.json');

if (oldestOutput(installed) < newestChange(at('package-lock.json'))) {
  run('npm ci', 'the dependencies are missing or older than package-lock.json');
}

const client = at('src', 'generated', 'prisma', 'client.ts');

if (oldestOutput(client) < newestChange(at('prisma', 'schema.prisma'))) {
  run(
    'npm run --silent prisma -- generate',
    'the Prisma client is missing or older than the schema',
  );
}

const build = at('dist', 'src', 'main.js');
const sources = Math.max(newestChange(at('src')), newestChange(at('prisma', 'schema.prisma')));

if (oldestOutput(build) < sources) {
  run('npx nest build', 'the build is missing or older than the sources');
}
