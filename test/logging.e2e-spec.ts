import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import request from 'supertest';

import { newUuid, sha512 } from './support/inventory.factory';
import { sendRaw } from './support/raw-http';
import { TestApp, startTestApp } from './support/test-app';
import { waitFor } from './support/wait-for';

const CAPABILITIES_ROUTE = '/zstack/v1/vm-instances/:uuid/capabilities';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface LogLine {
  raw: string;
  fields: {
    req?: { id?: string; method?: string };
    res?: { status?: number };
    [field: string]: unknown;
  };
}

describe('the logs (e2e)', () => {
  let sut: TestApp;
  let port: number;
  let session: string;
  const written: string[] = [];

  /** Every line written so far; one that is not a JSON object fails the test reading it. */
  const lines = (): LogLine[] =>
    written.map((raw) => ({ raw, fields: JSON.parse(raw) as LogLine['fields'] }));

  /** The finishing lines of the requests with this id, which pino-http writes as each answer goes out. */
  const requestLines = async (id: string): Promise<LogLine[]> => {
    const of = () => lines().filter((line) => line.fields.req?.id === id && line.fields.res);
    await waitFor(`the request line of ${id}`, () => (of().length > 0 ? true : undefined));
    // A second line for the same request would come at once: let it show up before counting.
    await new Promise((resolve) => setImmediate(resolve));

    return of();
  };

  beforeAll(async () => {
    sut = await startTestApp(
      // The most verbose level, so that the checks below see every line there can be.
      { LOG_LEVEL: 'trace' },
      { logStream: { write: (raw: string) => void written.push(raw) } },
    );
    await sut.app.listen(0, '127.0.0.1');
    port = (sut.http.address() as AddressInfo).port;
    session = await sut.inventory.adminSession();
  });

  afterAll(async () => {
    await sut.close();
  });

  it('echoes X-Request-Id and logs the request once, by route pattern, with method, status and duration', async () => {
    const vm = await sut.inventory.vm();

    const response = await request(sut.http)
      .get(`/zstack/v1/vm-instances/${vm}/capabilities`)
      .set('Authorization', `OAuth ${session}`)
      .set('X-Request-Id', 'abc');
    const [line, ...more] = await requestLines('abc');

    expect(response.status).toBe(200);
    expect(response.headers['x-request-id']).toBe('abc');
    expect(more).toEqual([]);
    expect(line.fields).toEqual(
      expect.objectContaining({
        level: 30,
        req: { id: 'abc', method: 'GET' },
        res: { status: 200 },
        route: CAPABILITIES_ROUTE,
        durationMs: expect.any(Number),
        msg: 'request completed',
      }),
    );
    expect(line.raw.match(/"route":/g)).toHaveLength(1);
    expect(line.raw).not.toContain(vm);
    expect(line.fields).not.toHaveProperty('code');
  });

  it('logs an API error (a 503, as in ZStack) as one info line with its code, without a made-up stack or the details', async () => {
    const unknownVm = newUuid();
    const response = await request(sut.http)
      .post('/zstack/v1/vm-instances/capabilities')
      .set('Authorization', `OAuth ${session}`)
      .set('X-Request-Id', 'unknown-vm')
      .send({ params: { vmUuids: [unknownVm] } });
    const [line, ...more] = await requestLines('unknown-vm');

    expect(response.status).toBe(503);
    expect(more).toEqual([]);
    expect(line.fields).toEqual(
      expect.objectContaining({
        level: 30,
        req: { id: 'unknown-vm', method: 'POST' },
        res: { status: 503 },
        route: '/zstack/v1/vm-instances/capabilities',
        code: 'SYS.1003',
      }),
    );
    expect(line.fields).not.toHaveProperty('err');
    expect(line.raw).not.toContain(unknownVm);
  });

  it('logs the code of a refused body and of a failed job read back by its poll', async () => {
    const job = newUuid();
    const refused = await request(sut.http)
      .post('/zstack/v1/vm-instances/capabilities')
      .set('Authorization', `OAuth ${session}`)
      .set('Content-Type', 'application/json')
      .set('X-Request-Id', 'refused-body')
      .send('{"params":');
    await request(sut.http)
      .post('/zstack/v1/vm-instances/capabilities')
      .set('Authorization', `OAuth ${session}`)
      .set('X-Job-UUID', job)
      .send({ params: { vmUuids: [newUuid()] } })
      .expect(202);
    const poll = await request(sut.http)
      .get(`/zstack/v1/api-jobs/${job}`)
      .set('Authorization', `OAuth ${session}`)
      .set('X-Request-Id', 'failed-job-poll');

    expect(refused.status).toBe(400);
    expect(poll.status).toBe(503);
    expect((await requestLines('refused-body'))[0].fields).toEqual(
      expect.objectContaining({ res: { status: 400 }, code: 'SYS.1007' }),
    );
    expect((await requestLines('failed-job-poll'))[0].fields).toEqual(
      expect.objectContaining({
        res: { status: 503 },
        route: '/zstack/v1/api-jobs/:uuid',
        code: 'SYS.1003',
      }),
    );
  });

  it('logs a request that no route matches as unmatched, with its code', async () => {
    const response = await request(sut.http)
      .get('/zstack/v1/no-such-resource')
      .set('X-Request-Id', 'no-route');
    const [line] = await requestLines('no-route');

    expect(response.status).toBe(404);
    expect(line.fields).toEqual(
      expect.objectContaining({ res: { status: 404 }, route: 'unmatched', code: 'SYS.1003' }),
    );
  });

  it('logs a line with status and code for each answer Node gives before there is a request', async () => {
    const lineSaying = (msg: string) =>
      waitFor(msg, () => lines().find((line) => line.fields.msg === msg));

    const notHttp = await sendRaw(port, 'GET / HTTP/1.1\r\nHost: x\r\nbroken header\r\n\r\n');
    const refused = await lineSaying('request refused by the HTTP parser');
    const expecting = await sendRaw(
      port,
      'POST /zstack/v1/vm-instances/capabilities HTTP/1.1\r\nHost: x\r\nExpect: foo\r\n' +
        'Content-Length: 0\r\nConnection: close\r\n\r\n',
    );
    const unmet = await lineSaying('request refused for its Expect header');

    expect(notHttp).toMatch(/^HTTP\/1\.1 400 /);
    expect(refused.fields).toEqual(
      expect.objectContaining({ res: { status: 400 }, code: 'SYS.1007', level: 30 }),
    );
    expect(expecting).toMatch(/^HTTP\/1\.1 417 /);
    expect(unmet.fields).toEqual(
      expect.objectContaining({ req: { method: 'POST' }, res: { status: 417 }, code: 'SYS.1007' }),
    );
  });

  it.each([
    ['no X-Request-Id', undefined],
    ['an X-Request-Id it cannot use', 'not a request id'],
  ])('makes a request id when the caller sends %s, and echoes it', async (_case, sent) => {
    const call = request(sut.http).get(`/zstack/v1/accounts/sessions/${newUuid()}/valid`);

    const response = await (sent === undefined ? call : call.set('X-Request-Id', sent));
    const id = response.headers['x-request-id'];

    expect(id).toMatch(UUID);
    expect(await requestLines(id)).toHaveLength(1);
  });

  it('keeps session uuids, password digests and the Authorization header out of every line', async () => {
    const account = await sut.inventory.account({ type: 'SystemAdmin', password: 'log-secret' });
    const wrongDigest = sha512('not-the-password');
    const vm = await sut.inventory.vm();
    const logIn = (password: string, id: string) =>
      request(sut.http)
        .put('/zstack/v1/accounts/login')
        .set('X-Request-Id', id)
        .send({ logInByAccount: { accountName: account.name, password } });

    const login = await logIn(account.passwordDigest, 'secret-login');
    const ownSession = login.body.inventory.uuid as string;
    await request(sut.http)
      .post('/zstack/v1/vm-instances/capabilities')
      .set('Authorization', `OAuth ${ownSession}`)
      .set('X-Request-Id', 'secret-capabilities')
      .send({ params: { vmUuids: [vm] } });
    await request(sut.http)
      .get(`/zstack/v1/accounts/sessions/${ownSession}/valid`)
      .set('X-Request-Id', 'secret-valid');
    await logIn(wrongDigest, 'secret-wrong-login');
    await request(sut.http)
      .delete(`/zstack/v1/accounts/sessions/${ownSession}`)
      .set('X-Request-Id', 'secret-logout');
    const ids = [
      'secret-login',
      'secret-capabilities',
      'secret-valid',
      'secret-wrong-login',
      'secret-logout',
    ];
    const logged = await Promise.all(ids.map((id) => requestLines(id)));

    expect(login.status).toBe(200);
    expect(logged.map((found) => found.length)).toEqual(ids.map(() => 1));
    for (const secret of [ownSession, account.passwordDigest, wrongDigest, 'OAuth']) {
      expect(written.filter((raw) => raw.includes(secret))).toEqual([]);
    }
    expect(written.filter((raw) => /authorization/i.test(raw))).toEqual([]);
  });

  it('logs a lost idle database connection without the id of the request that opened it', async () => {
    const lost = () =>
      lines().filter((line) => String(line.fields.msg).includes('idle database connection lost'));
    const dropServiceConnections = async () => {
      const client = new Client({ connectionString: sut.config.DATABASE_URL });
      await client.connect();
      const { rowCount } = await client.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      );
      await client.end();

      return rowCount ?? 0;
    };
    const vm = await sut.inventory.vm();
    // First no connection is left, so that the request below opens one of its own.
    const dropped = await dropServiceConnections();
    await waitFor('the first connections lost', () =>
      lost().length >= dropped ? true : undefined,
    );
    const before = lost().length;

    await request(sut.http)
      .post('/zstack/v1/vm-instances/capabilities')
      .set('Authorization', `OAuth ${session}`)
      .set('X-Request-Id', 'opened-a-connection')
      .send({ params: { vmUuids: [vm] } })
      .expect(200);
    await requestLines('opened-a-connection');
    const droppedAgain = await dropServiceConnections();
    const found = await waitFor('the connections opened since, lost', () => {
      const since = lost().slice(before);

      return droppedAgain > 0 && since.length >= droppedAgain ? since : undefined;
    });

    expect(found.map((line) => line.fields.level)).toEqual(found.map(() => 40));
    expect(found.filter((line) => 'req' in line.fields)).toEqual([]);
  });
});
