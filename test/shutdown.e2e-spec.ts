import { Agent, IncomingHttpHeaders, request } from 'node:http';
import { Socket, connect } from 'node:net';
import { Client } from 'pg';

import { sha512 } from './support/inventory.factory';
import { ServiceProcess } from './support/service-process';
import { TestDatabase, createTestDatabase } from './support/test-database';
import { waitFor } from './support/wait-for';

/** The documented VM of the demo inventory. */
const VM = '68e8ed0735333faab95816b3e8596cea';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  socket: Socket;
}

/** One HTTP exchange over the given agent, failing rather than waiting past timeoutMs. */
function send(
  port: number,
  agent: Agent,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: unknown; timeoutMs?: number } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const outgoing = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: { ...(body ? { 'Content-Type': 'application/json' } : {}), ...options.headers },
      },
      (incoming) => {
        // The agent takes the socket back once the answer is read.
        const socket = incoming.socket;
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () =>
          resolve({
            status: incoming.statusCode ?? 0,
            headers: incoming.headers,
            body: Buffer.concat(chunks).toString(),
            socket,
          }),
        );
        incoming.on('error', reject);
      },
    );
    outgoing.setTimeout(options.timeoutMs ?? 15_000, () =>
      outgoing.destroy(new Error(`${method} ${path} had no answer in time`)),
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** Whether a new TCP connection to the port is refused, within a second. */
function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

describe('stopping on SIGTERM (e2e)', () => {
  let database: TestDatabase;
  let service: ServiceProcess;
  let locker: Client;
  const agents = [new Agent({ keepAlive: true }), new Agent({ keepAlive: true })];

  beforeAll(async () => {
    database = await createTestDatabase();
    service = await ServiceProcess.start({
      DATABASE_URL: database.url,
      DEMO_INVENTORY: 'true',
      // Long enough that the blocked statement below waits for the lock, not for its timeout.
      DB_TIMEOUT_MS: '10000',
      LOG_LEVEL: 'silent',
      PASSWORD_HASH_MEMORY_KIB: '64',
      PASSWORD_HASH_ITERATIONS: '1',
      SWAGGER_ENABLED: 'false',
    });
    await waitFor(
      'the service to listen',
      async () => {
        if (service.exited) {
          throw new Error(`the service exited at start:\n${service.lastOutput}`);
        }

        return (await connectionRefused(service.port)) ? undefined : true;
      },
      45_000,
      100,
    );
    locker = new Client({ connectionString: database.url });
    await locker.connect();
  }, 60_000);

  afterAll(async () => {
    agents.forEach((agent) => agent.destroy());
    await service?.kill();
    await locker?.end();
    await database?.drop();
  });

  it('answers the request in flight, refuses new connections, ends idle ones and exits 0', async () => {
    const [idle, busy] = agents;
    const login = await send(service.port, idle, 'PUT', '/zstack/v1/accounts/login', {
      body: { logInByAccount: { accountName: 'admin', password: sha512('password') } },
    });
    const session = (JSON.parse(login.body) as { inventory: { uuid: string } }).inventory.uuid;
    // Another transaction holds the VM table, so the capability statement waits on it.
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE vm_instance IN ACCESS EXCLUSIVE MODE');
    const inFlight = send(service.port, busy, 'POST', '/zstack/v1/vm-instances/capabilities', {
      headers: { Authorization: `OAuth ${session}` },
      body: { params: { vmUuids: [VM] } },
    });
    // Should a step below fail first, the cleanup's kill ends this request: not a second failure.
    inFlight.catch(() => undefined);
    await waitFor('the capability statement to wait on the lock', async () => {
      const { rows } = await locker.query<{ waiting: number }>(
        `SELECT count(*)::int AS waiting FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = 'vm-capabilities'
            AND wait_event_type = 'Lock'`,
      );

      return rows[0].waiting > 0 ? true : undefined;
    });
    // A keep-alive connection that is idle when the signal comes.
    const { socket: idleSocket } = await send(
      service.port,
      idle,
      'GET',
      `/zstack/v1/accounts/sessions/${session}/valid`,
    );
    const idleClosed = new Promise<boolean>((resolve) => {
      idleSocket.once('close', () => resolve(true));
      // Well under the server's 5 s keep-alive timeout, which would close it anyway.
      setTimeout(() => resolve(false), 2000).unref();
    });

    service.signal('SIGTERM');

    await waitFor('new connections to be refused', async () =>
      (await connectionRefused(service.port)) ? true : undefined,
    );
    expect(await idleClosed).toBe(true);
    expect(service.exited).toBeUndefined();

    await locker.query('ROLLBACK');
    const answer = await inFlight;
    const exit = await service.waitForExit(15_000);

    expect(answer.status).toBe(200);
    expect(answer.headers.connection).toBe('close');
    expect(JSON.parse(answer.body)).toEqual({
      vmsCaps: {
        [VM]: {
          supportLiveMigration: true,
          supportVolumeMigration: true,
          supportReimage: true,
          supportMemorySnapshot: false,
        },
      },
    });
    expect(exit).toEqual({ code: 0, signal: null });
  }, 60_000);
});
