import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import path from 'node:path';

import { waitFor } from './wait-for';

const ROOT = path.join(__dirname, '..', '..');
const MAIN = path.join(ROOT, 'dist', 'src', 'main.js');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The compiled service running as a process of its own, as a container runs it. */
export class ServiceProcess {
  private output = '';
  private exit?: Exit;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    const keep = (chunk: Buffer): void => {
      // The tail is enough to explain a failure, and the output stays bounded.
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', (code, signal) => {
      this.exit = { code, signal };
    });
  }

  /** Starts dist/src/main.js on a free loopback port with the given environment. */
  static async start(env: Record<string, string>): Promise<ServiceProcess> {
    if (!existsSync(MAIN)) {
      throw new Error(`${MAIN} is missing: build first (npm run build; npm test does it)`);
    }

    const port = await freePort();
    const child = spawn(process.execPath, [MAIN], {
      cwd: ROOT,
      env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });

    return new ServiceProcess(child, port);
  }

  get exited(): Exit | undefined {
    return this.exit;
  }

  /** What the process wrote last, to explain a failure. */
  get lastOutput(): string {
    return this.output;
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  async waitForExit(timeoutMs: number): Promise<Exit> {
    return waitFor('the service to exit', () => this.exit, timeoutMs).catch((error: Error) => {
      throw new Error(`${error.message}; its last output:\n${this.output}`);
    });
  }

  /** Ends the process at once, if it still runs; for cleaning up after a failed test. */
  async kill(): Promise<void> {
    if (this.exit) {
      return;
    }

    this.child.kill('SIGKILL');
    await this.waitForExit(5000);
  }
}

/** A port nothing listens on right now, found by letting the system pick one. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));

  return port;
}
