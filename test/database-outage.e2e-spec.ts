import { INestApplication } from '@nestjs/common';

import { Server } from 'node:http';
import { Client } from 'pg';
import request, { Response } from 'supertest';

import { PrismaService } from '../src/database/prisma.service';

import { InventoryFactory, TestAccount } from './support/inventory.factory';
import { TestApp, createAppOn, startTestApp } from './support/test-app';
import {
  ThrowawayFolder,
  ThrowawayPostgres,
  makeThrowawayFolder,
  startThrowawayPostgres,
} from './support/throwaway-postgres';
import { waitFor } from './support/wait-for';
import { apiError } from './support/zstack-error';

const TIMEOUT_MS = 1000;
/** Generous on purpose: a connection attempt, a statement and a retry, each bounded by DB_TIMEOUT_MS. */
const BOUND_MS = TIMEOUT_MS * 3 + 1000;

const UNAVAILABLE = apiError('SYS.1001', 'the inventory database did not answer in time');

const CAPS = '/zstack/v1/vm-instances/capabilities';
const LOGIN = '/zstack/v1/accounts/login';

/** The flags of a Running VM on NFS, the factory's default VM. */
const NFS_RUNNING = {
  supportLiveMigration: true,
  supportVolumeMigration: false,
  supportReimage: true,
  supportMemorySnapshot: false,
};

const ENV = {
  LOG_LEVEL: 'silent',
  PASSWORD_HASH_MEMORY_KIB: '64',
  PASSWORD_HASH_ITERATIONS: '1',
  DB_TIMEOUT_MS: String(TIMEOUT_MS),
  RATE_LIMIT_PER_SESSION: '0',
  RATE_LIMIT_PER_ADDRESS: '0',
};

type Call = (http: Server) => request.Test;

/** Each kind of call a client makes, for one VM, as the given account and session. */
function callsFor(vm: string, session: string, account: TestAccount): Record<string, Call> {
  const auth = `OAuth ${session}`;

  return {
    POST: (http) =>
      request(http)
        .post(CAPS)
        .set('Authorization', auth)
        .send({ params: { vmUuids: [vm] } }),
    'GET with a query': (http) =>
      request(http).get(CAPS).query({ vmUuids: vm }).set('Authorization', auth),
    'GET by path': (http) =>
      request(http).get(`/zstack/v1/vm-instances/${vm}/capabilities`).set('Authorization', auth),
    login: (http) =>
      request(http)
        .put(LOGIN)
        .send({
          logInByAccount: { accountName: account.name, password: account.passwordDigest },
        }),
  };
}

/** What each call answers when the database serves. */
function servedBody(name: string, vm: string, account: TestAccount): unknown {
  switch (name) {
    case 'login':
      return { inventory: expect.objectContaining({ accountUuid: account.uuid }) as unknown };
    case 'GET by path':
      return {
        capabilities: {
          LiveMigration: NFS_RUNNING.supportLiveMigration,
          VolumeMigration: NFS_RUNNING.supportVolumeMigration,
          Reimage: NFS_RUNNING.supportReimage,
          MemorySnapshot: NFS_RUNNING.supportMemorySnapshot,
        },
      };
    default:
      return { vmsCaps: { [vm]: NFS_RUNNING } };
  }
}

interface Timed {
  response: Response;
  ms: number;
}

async function timed(call: () => PromiseLike<Response>): Promise<Timed> {
  const started = Date.now();
  const response = await call();

  return { response, ms: Date.now() - started };
}

interface Answer {
  name: string;
  status: number;
  body: unknown;
  ms: number;
}

/** Sends each call in turn, and gives each answer with the call's name and how long it took. */
async function answersInTurn(calls: Record<string, Call>, http: Server): Promise<Answer[]> {
  const answers: Answer[] = [];

  for (const [name, call] of Object.entries(calls)) {
    const { response, ms } = await timed(() => call(http));
    answers.push({ name, status: response.status, body: response.body as unknown, ms });
  }

  return answers;
}

/** The answers that took BOUND_MS or longer, named with their time, so that a failure says which. */
function lateOnes(answers: Answer[]): string[] {
  return answers.filter(({ ms }) => ms >= BOUND_MS).map(({ name, ms }) => `${name}: ${ms} ms`);
}

/** Statements of the service's own that wait for a lock, seen from another connection. */
async function waitingOnLocks(observer: Client): Promise<number> {
  // Inside a transaction, Postgres keeps the first view of pg_stat_activity unless told to drop it.
  await observer.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await observer.query<{ waiting: number }>(
    `SELECT count(*)::int AS waiting
       FROM pg_stat_activity
      WHERE application_name = 'vm-capabilities' AND wait_event_type = 'Lock'`,
  );

  return rows[0].waiting;
}

describe('the service while its database goes away and comes back (e2e)', () => {
  let folder: ThrowawayFolder | undefined;
  let database: ThrowawayPostgres | undefined;
  let app: INestApplication | undefined;
  let http: Server;
  let inventory: InventoryFactory;
  let admin: TestAccount;
  let session: string;
  let vm: string;
  let calls: Record<string, Call>;
  /** Set while the server is stopped, so that a failed test still starts it again. */
  let stopped = false;

  const stop = async (): Promise<void> => {
    stopped = true;
    await database!.stop();
  };
  const start = async (): Promise<void> => {
    await database!.start();
    stopped = false;
  };

  beforeAll(async () => {
    folder = makeThrowawayFolder('vm-capabilities-outage');
    database = await startThrowawayPostgres(folder.path, 'vmcaps_outage');
    app = await createAppOn(database.url, ENV);
    await app.init();
    http = app.getHttpServer() as Server;
    inventory = new InventoryFactory(app.get(PrismaService), app);
    admin = await inventory.account({ type: 'SystemAdmin' });
    session = await inventory.session(admin.uuid);
    vm = await inventory.vm();
    calls = callsFor(vm, session, admin);
  }, 120_000);

  afterEach(async () => {
    if (stopped) {
      await start();
    }
  });

  afterAll(async () => {
    await app?.close();
    await database?.close();
    folder?.remove();
  });

  it('answers every call 200 with its flags while the database serves', async () => {
    for (const answer of await answersInTurn(calls, http)) {
      expect(answer).toEqual({
        ...answer,
        status: 200,
        body: servedBody(answer.name, vm, admin),
      });
    }
  });

  it('answers every call SYS.1001 within the bound while the database is stopped, and stays live', async () => {
    // The pool then holds idle connections, which the stop drops.
    await Promise.all(Object.values(calls).map((call) => call(http)));
    await stop();

    const answers = await answersInTurn(calls, http);
    const live = await request(http).get('/health/live');

    for (const answer of answers) {
      expect(answer).toEqual({ ...answer, status: 503, body: UNAVAILABLE });
    }

    expect(lateOnes(answers)).toEqual([]);

    expect(live.status).toBe(200);
  });

  it('answers many concurrent calls SYS.1001 within the bound while the database is stopped', async () => {
    await stop();

    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => Object.values(calls).map((call) => call(http))).flat(),
    );
    const waited = Date.now() - started;
    const live = await request(http).get('/health/live');

    expect(answers).toHaveLength(20);

    for (const { status, body } of answers) {
      expect({ status, body: body as unknown }).toEqual({ status: 503, body: UNAVAILABLE });
    }

    expect(waited).toBeLessThan(BOUND_MS);
    expect(live.status).toBe(200);
  });

  it('serves every call again once the database is back, without a restart', async () => {
    await stop();
    const down = await calls.POST(http);
    await start();

    const first = await waitFor(
      'the first call served after the database came back',
      async () => {
        const response = await calls.POST(http);

        return response.status === 200 ? response : undefined;
      },
      10_000,
      100,
    );

    expect(down.status).toBe(503);
    expect(first.body).toEqual(servedBody('POST', vm, admin));

    for (const answer of await answersInTurn(calls, http)) {
      expect(answer).toEqual({
        ...answer,
        status: 200,
        body: servedBody(answer.name, vm, admin),
      });
    }
  });

  it('answers every call SYS.1001 within the bound while the server hangs, and serves once it carries on', async () => {
    // The pool then holds idle connections, whose next statements get no answer.
    await Promise.all(Object.values(calls).map((call) => call(http)));
    database!.pause();

    let answers: Answer[];
    let concurrent: Timed[];
    let live: Response;

    try {
      answers = await answersInTurn(calls, http);
      concurrent = await Promise.all(
        Array.from({ length: 3 }, () =>
          Object.values(calls).map((call) => timed(() => call(http))),
        ).flat(),
      );
      live = await request(http).get('/health/live');
    } finally {
      database!.resume();
    }

    const back = await waitFor(
      'the first call served after the server carried on',
      async () => {
        const response = await calls.POST(http);

        return response.status === 200 ? response : undefined;
      },
      10_000,
      100,
    );

    const all = [
      ...answers,
      ...concurrent.map(({ response, ms }, index) => ({
        name: `concurrent ${index}`,
        status: response.status,
        body: response.body as unknown,
        ms,
      })),
    ];

    for (const answer of all) {
      expect(answer).toEqual({ ...answer, status: 503, body: UNAVAILABLE });
    }

    expect(lateOnes(all)).toEqual([]);

    expect(live.status).toBe(200);
    expect(back.body).toEqual(servedBody('POST', vm, admin));
  });

  describe('a call in flight when the database goes away', () => {
    let locker: Client | undefined;

    afterEach(async () => {
      // A stop or a cut may have ended the locker's connection: end() then only cleans up.
      await locker?.end().catch(() => undefined);
      locker = undefined;
    });

    /**
     * Holds `table` from another connection, then starts the call and waits until
     * its statement waits on the lock. The pending answer is wrapped, as an async
     * function would otherwise wait for it.
     */
    const blockedOn = async (
      table: string,
      call: () => request.Test,
    ): Promise<{ pending: Promise<Timed> }> => {
      locker = new Client({ connectionString: database!.url });
      // The stop ends this connection too; its error is expected.
      locker.on('error', () => undefined);
      await locker.connect();
      await locker.query('BEGIN');
      await locker.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
      const pending = timed(call);
      await waitFor(
        `a statement of the service waiting on ${table}`,
        async () => ((await waitingOnLocks(locker!)) > 0 ? true : undefined),
        TIMEOUT_MS,
        10,
      ).catch(async (error: Error) => {
        await pending;
        throw error;
      });

      return { pending };
    };

    /** Ends the service's connections that wait on a lock, as a server that drops them would. */
    const cutWaitingConnections = async (): Promise<void> => {
      await locker!.query('SELECT pg_stat_clear_snapshot()');
      await locker!.query(
        `SELECT pg_terminate_backend(pid)
           FROM pg_stat_activity
          WHERE application_name = 'vm-capabilities' AND wait_event_type = 'Lock'`,
      );
    };

    const sessionsOf = (account: TestAccount): Promise<number> =>
      waitFor(
        'the database to serve again',
        () =>
          app!
            .get(PrismaService)
            .session.count({ where: { accountUuid: account.uuid } })
            .catch(() => undefined),
        10_000,
        100,
      );

    it('answers SYS.1001 to a capabilities call whose connection is cut while it waits', async () => {
      const { pending } = await blockedOn('vm_instance', () => calls.POST(http));
      await cutWaitingConnections();

      const { response, ms } = await pending;
      await locker!.query('ROLLBACK');
      const after = await calls.POST(http);

      expect(response.status).toBe(503);
      expect(response.body).toEqual(UNAVAILABLE);
      expect(ms).toBeLessThan(BOUND_MS);
      expect(after.status).toBe(200);
      expect(after.body).toEqual(servedBody('POST', vm, admin));
    });

    it('answers a capabilities call in flight when the database stops within the bound, with its flags or SYS.1001', async () => {
      const { pending } = await blockedOn('vm_instance', () => calls.POST(http));
      // The stop ends the lock's holder and the waiting statement at once: the
      // statement may get the lock and finish first, so either answer is right.
      await stop();

      const { response, ms } = await pending;
      const live = await request(http).get('/health/live');

      expect([
        { status: 503, body: UNAVAILABLE },
        { status: 200, body: servedBody('POST', vm, admin) },
      ]).toContainEqual({ status: response.status, body: response.body as unknown });
      expect(ms).toBeLessThan(BOUND_MS);
      expect(live.status).toBe(200);
    });

    it('answers SYS.1001 to a login whose connection is cut while it writes the session, and keeps no session of it', async () => {
      const account = await inventory.account({ type: 'SystemAdmin' });
      const { login } = callsFor(vm, session, account);
      const { pending } = await blockedOn('session', () => login(http));
      await cutWaitingConnections();

      const { response, ms } = await pending;
      await locker!.query('ROLLBACK');
      const sessions = await sessionsOf(account);
      const again = await login(http);

      expect(response.status).toBe(503);
      expect(response.body).toEqual(UNAVAILABLE);
      expect(ms).toBeLessThan(BOUND_MS);
      expect(sessions).toBe(0);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(servedBody('login', vm, account));
    });

    it('answers a login in flight when the database stops with SYS.1001, or with a session that works once it is back', async () => {
      const account = await inventory.account({ type: 'SystemAdmin' });
      const { login } = callsFor(vm, session, account);
      const { pending } = await blockedOn('session', () => login(http));
      await stop();

      const { response, ms } = await pending;
      await start();
      await sessionsOf(account);
      const issued = (response.body as { inventory?: { uuid: string } }).inventory?.uuid;
      const withIssued = issued && (await callsFor(vm, issued, account).POST(http));

      expect([
        { status: 503, body: UNAVAILABLE, withIssued: undefined },
        {
          status: 200,
          body: servedBody('login', vm, account),
          withIssued: expect.objectContaining({ status: 200 }) as unknown,
        },
      ]).toContainEqual({
        status: response.status,
        body: response.body as unknown,
        withIssued: withIssued || undefined,
      });
      expect(ms).toBeLessThan(BOUND_MS);
    });
  });
});

describe('an exhausted connection pool (e2e)', () => {
  let sut: TestApp;
  let locker: Client;
  let session: string;

  beforeAll(async () => {
    sut = await startTestApp({ ...ENV, DB_POOL_SIZE: '2' });
    session = await sut.inventory.adminSession();
    locker = new Client({ connectionString: sut.config.DATABASE_URL });
    await locker.connect();
  });

  afterAll(async () => {
    await locker.end();
    await sut.close();
  });

  it('answers SYS.1001 within the bound while both connections are held, then serves again', async () => {
    const vm = await sut.inventory.vm();
    const admin = await sut.inventory.account({ type: 'SystemAdmin' });
    const calls = callsFor(vm, session, admin);
    // Two calls wait on the VM table, which another transaction holds: each holds a connection.
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE vm_instance IN ACCESS EXCLUSIVE MODE');
    const holders = [
      timed(() => calls.POST(sut.http)),
      timed(() => calls['GET by path'](sut.http)),
    ];

    let third: Timed;

    try {
      await waitFor(
        'both pooled connections to wait on the lock',
        async () => ((await waitingOnLocks(locker)) >= 2 ? true : undefined),
        TIMEOUT_MS,
        10,
      );
      third = await timed(() => calls['GET with a query'](sut.http));
    } finally {
      await locker.query('ROLLBACK');
    }

    const held = await Promise.all(holders);
    const after = await Promise.all(Object.values(calls).map((call) => call(sut.http)));

    expect(third.response.status).toBe(503);
    expect(third.response.body).toEqual(UNAVAILABLE);
    expect(third.ms).toBeLessThan(BOUND_MS);

    for (const { response, ms } of held) {
      expect(response.body).toEqual(UNAVAILABLE);
      expect(ms).toBeLessThan(BOUND_MS);
    }

    expect(after.map(({ status }) => status)).toEqual([200, 200, 200, 200]);
  });
});
