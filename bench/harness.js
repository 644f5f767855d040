'use strict';
// What the benchmark and the soak share: a private copy of the build to run
// from, steps that undo what a run started (on its end, on Ctrl-C, or when it
// overruns its bound), and the Postgres server the run uses.
const { cpSync, existsSync, rmSync } = require('node:fs');
const path = require('node:path');
const { Client } = require('pg');

const { withDatabase } = require('./inventories');

const root = path.join(__dirname, '..');

/**
 * The folder of a run's own copy of the build: a build started meanwhile (nest
 * build empties dist/ first) would otherwise pull modules from under the
 * servers. Under node_modules, so that the copy still resolves the project's
 * packages; one per kind of run, so that a benchmark and a soak keep theirs.
 */
function buildCopyOf(name) {
  return path.join(root, 'node_modules', '.cache', name, 'dist');
}

/** Makes the copy afresh from dist/, which `npm run <command>` builds first. */
function copyBuild(name, command) {
  if (!existsSync(path.join(root, 'dist', 'src', 'main.js'))) {
    throw new Error(`dist/ is missing: run it with \`npm run ${command}\`, which builds it`);
  }

  const copy = buildCopyOf(name);
  rmSync(copy, { recursive: true, force: true });
  cpSync(path.join(root, 'dist'), copy, { recursive: true });
}

/**
 * Steps that undo what a run started, run once in the reverse order of their
 * adding, whether the run ends, fails, is interrupted (exit 130) or is still
 * going after boundMs (exit 1). beforeStop runs first on an interruption, to
 * stop the load.
 */
function cleanupSteps(progress, boundMs, beforeStop = () => undefined) {
  const steps = [];
  let cleaning;
  const run = () => {
    cleaning ??= steps.reduceRight(
      (done, step) => done.then(step).catch(() => undefined),
      Promise.resolve(),
    );

    return cleaning;
  };
  const stop = (why, code) => {
    progress(`${why}: stopping`);
    beforeStop();
    void run().then(() => process.exit(code));
  };

  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => stop(signal, 130));
  }

  setTimeout(() => stop(`still running after ${Math.round(boundMs / 1000)} s`, 1), boundMs).unref();

  return { add: (step) => steps.push(step), run };
}

/**
 * The Postgres server of a run: DATABASE_URL's, or else an embedded one kept in
 * the benchmark's folder, so that the benchmark and the soak share its
 * inventories. Returns its URL and a line naming it and its version.
 */
async function postgresServer(dist, cleanups, progress) {
  let url = process.env.DATABASE_URL;
  let name = 'Postgres of DATABASE_URL';

  if (!url) {
    const { defaultDataRoot, startEmbeddedPostgres } = require(
      path.join(dist, 'database', 'embedded-postgres.js'),
    );
    const folder = path.join(defaultDataRoot(), 'bench');
    progress(`starting the embedded Postgres in ${folder}`);
    const embedded = await startEmbeddedPostgres(folder, 'postgres', () => undefined);
    cleanups.add(() => embedded.stop());
    url = embedded.url;
    name = `embedded Postgres (${folder})`;
  }

  const client = new Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();
  const { rows } = await client.query('SHOW server_version').finally(() => client.end());

  return { url, description: `${name} ${rows[0].server_version.split(' ')[0]} on 127.0.0.1` };
}

module.exports = { buildCopyOf, cleanupSteps, copyBuild, postgresServer };
