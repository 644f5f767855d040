import request from 'supertest';

import { ApiJobSweeper } from '../src/jobs/api-job-sweeper';

import { newUuid } from './support/inventory.factory';
import { TestApp, startTestApp } from './support/test-app';
import { SESSION_EXPIRED, apiError, invalid } from './support/zstack-error';

const CAPABILITIES = '/zstack/v1/vm-instances/capabilities';
const JOBS = '/zstack/v1/api-jobs';
const HOST = 'zstack.example:8080';

const NO_SUCH_JOB = apiError('SYS.1003', 'the job is unknown or has expired');

/**
 * ZStack's asynchronous job protocol as the Java SDK 4.x drives it: the
 * capabilities POST with X-Job-UUID answers 202 and a location, and the poll of
 * that location answers the call's result or its error.
 */
describe('calls answered as jobs (e2e)', () => {
  let sut: TestApp;
  let session: string;
  let vm: string;

  /** The POST exactly as the 4.x SDK sends it. */
  const postAsJob = (jobUuid: string, body: unknown, sessionUuid = session) =>
    request(sut.http)
      .post(CAPABILITIES)
      .set('Host', HOST)
      .set('Authorization', `OAuth ${sessionUuid}`)
      .set('X-Job-UUID', jobUuid)
      .set('X-JSON-Schema', 'true')
      .set('Content-Type', 'application/json; charset=utf-8')
      .send(JSON.stringify(body));

  const poll = (jobUuid: string, sessionUuid = session) =>
    request(sut.http)
      .get(`${JOBS}/${jobUuid}`)
      .set('Authorization', `OAuth ${sessionUuid}`)
      .set('X-Job-UUID', newUuid())
      .set('X-JSON-Schema', 'true');

  const postAtOnce = (body: unknown) =>
    request(sut.http)
      .post(CAPABILITIES)
      .set('Authorization', `OAuth ${session}`)
      .send(body as object);

  /** Makes a job with the body and returns its poll's answer. */
  const outcomeOf = async (body: unknown, sessionUuid = session) => {
    const job = newUuid();
    const accepted = await postAsJob(job, body, sessionUuid);
    expect(accepted.status).toBe(202);

    return poll(job, sessionUuid);
  };

  const jobRows = (uuid: string) => sut.prisma.apiJob.count({ where: { uuid } });

  beforeAll(async () => {
    sut = await startTestApp();
    session = await sut.inventory.adminSession();
    vm = await sut.inventory.vm();
  });

  afterAll(async () => {
    await sut.close();
  });

  describe('a call made as the SDK makes it', () => {
    it('answers 202 with the location of the job on the host the caller used', async () => {
      const job = newUuid();

      const response = await postAsJob(job, { params: { vmUuids: [vm] } });

      expect(response.status).toBe(202);
      expect(response.body).toEqual({ location: `http://${HOST}${JOBS}/${job}` });
      expect(response.headers.location).toBe(`http://${HOST}${JOBS}/${job}`);
    });

    it("answers the poll with the call's result, as it answers without a job", async () => {
      const body = { params: { vmUuids: [vm] }, systemTags: [], userTags: [] };
      const job = newUuid();
      await postAsJob(job, body);

      const polled = await poll(job);
      const atOnce = await postAtOnce(body);

      expect(polled.status).toBe(200);
      expect(polled.body).toEqual({
        vmsCaps: {
          [vm]: {
            supportLiveMigration: true,
            supportVolumeMigration: false,
            supportReimage: true,
            supportMemorySnapshot: false,
          },
        },
      });
      expect(polled.text).toBe(atOnce.text);
    });

    it('keeps the order in which the VMs were asked', async () => {
      const vms = [await sut.inventory.vm(), vm, await sut.inventory.vm()];

      const polled = await outcomeOf({ params: { vmUuids: vms } });

      expect(Object.keys(polled.body.vmsCaps as object)).toEqual(vms);
    });

    it('answers the poll as often as asked until the job expires', async () => {
      const job = newUuid();
      await postAsJob(job, { params: { vmUuids: vm } });

      const first = await poll(job);
      const second = await poll(job);

      expect(first.status).toBe(200);
      expect(second.text).toBe(first.text);
    });

    it('takes a dashed job uuid, in the location as sent, and polls it in either form', async () => {
      const job = newUuid();
      const dashed = [0, 8, 12, 16, 20].map((at, i, all) => job.slice(at, all[i + 1])).join('-');

      const response = await postAsJob(dashed.toUpperCase(), { params: { vmUuids: [vm] } });

      expect(response.status).toBe(202);
      expect(response.body).toEqual({
        location: `http://${HOST}${JOBS}/${dashed.toUpperCase()}`,
      });
      expect((await poll(dashed)).status).toBe(200);
      expect((await poll(job)).status).toBe(200);
    });
  });

  describe('errors read through the poll', () => {
    it('answers 503 with SYS.1003 naming an unknown VM', async () => {
      const unknown = newUuid();

      const polled = await outcomeOf({ params: { vmUuids: [vm, unknown] } });

      expect(polled.status).toBe(503);
      expect(polled.body).toEqual(
        apiError('SYS.1003', `cannot find the VM instance(s): ${unknown}`),
      );
    });

    it.each([
      ['an empty vmUuids', { params: { vmUuids: [] } }],
      ['no params', { systemTags: [] }],
      ['a vmUuids holding a number', { params: { vmUuids: [vm, 7] } }],
      ['a uuid that is not one', { params: { vmUuids: ['not-a-uuid'] } }],
    ])('answers 503 with SYS.1007 for %s, as the call answers without a job', async (_, body) => {
      const polled = await outcomeOf(body);
      const atOnce = await postAtOnce(body);

      expect(atOnce.status).toBe(503);
      expect(polled.status).toBe(503);
      expect(polled.body.error.code).toBe('SYS.1007');
      expect(polled.text).toBe(atOnce.text);
    });
  });

  describe('the poll', () => {
    it('answers 404 with SYS.1003 for a job uuid never used', async () => {
      const polled = await poll(newUuid());

      expect(polled.status).toBe(404);
      expect(polled.body).toEqual(NO_SUCH_JOB);
    });

    it('answers 404 for a job that has expired, before the sweep removed it', async () => {
      const job = newUuid();
      await postAsJob(job, { params: { vmUuids: [vm] } });
      await sut.prisma.apiJob.updateMany({
        where: { uuid: job },
        data: { expireDate: new Date(Date.now() - 1000) },
      });

      const polled = await poll(job);

      expect(polled.status).toBe(404);
      expect(polled.body).toEqual(NO_SUCH_JOB);
      expect(await jobRows(job)).toBe(1);
    });

    it("answers another account's job exactly as a job never used", async () => {
      const job = newUuid();
      await postAsJob(job, { params: { vmUuids: [vm] } });
      const other = await sut.inventory.session((await sut.inventory.account()).uuid);

      const theirs = await poll(job, other);
      const unknown = await poll(newUuid(), other);

      expect(theirs.status).toBe(404);
      expect(theirs.text).toBe(unknown.text);
      expect(theirs.headers['content-type']).toBe(unknown.headers['content-type']);
    });

    it('needs a session, as every call does', async () => {
      const job = newUuid();
      await postAsJob(job, { params: { vmUuids: [vm] } });

      const withoutSession = await request(sut.http).get(`${JOBS}/${job}`);
      const expiredSession = await poll(job, newUuid());

      expect(withoutSession.status).toBe(400);
      expect(withoutSession.body.error.code).toBe('ID.1001');
      expect(expiredSession.status).toBe(503);
      expect(expiredSession.body).toEqual(SESSION_EXPIRED);
    });

    it('answers 503 SYS.1007 for a path that is not a uuid', async () => {
      const polled = await poll('not-a-uuid');

      expect(polled.status).toBe(503);
      expect(polled.body).toEqual(invalid('uuid is not a uuid of 32 hex characters'));
    });
  });

  describe('a job uuid sent again', () => {
    it('by the same account answers the same location, and the poll the first outcome', async () => {
      const job = newUuid();
      const first = await postAsJob(job, { params: { vmUuids: [vm] } });

      const retry = await postAsJob(job, { params: { vmUuids: [newUuid()] } });
      const polled = await poll(job);

      expect(retry.status).toBe(202);
      expect(retry.body).toEqual(first.body);
      expect(polled.status).toBe(200);
      expect(Object.keys(polled.body.vmsCaps as object)).toEqual([vm]);
    });

    it('by the same account once the job expired makes a new job', async () => {
      const job = newUuid();
      const unknown = newUuid();
      await postAsJob(job, { params: { vmUuids: [vm] } });
      await sut.prisma.apiJob.updateMany({
        where: { uuid: job },
        data: { expireDate: new Date(Date.now() - 1000) },
      });

      await postAsJob(job, { params: { vmUuids: [unknown] } });
      const polled = await poll(job);

      expect(polled.status).toBe(503);
      expect(polled.body.error.code).toBe('SYS.1003');
    });

    it('by another account makes a job of its own, and neither sees the other', async () => {
      const job = newUuid();
      const owner = await sut.inventory.account();
      const ownerSession = await sut.inventory.session(owner.uuid);
      const owned = await sut.inventory.vm({ owner: owner.uuid });
      await postAsJob(job, { params: { vmUuids: [vm] } });

      const theirs = await postAsJob(job, { params: { vmUuids: [owned] } }, ownerSession);

      expect(theirs.status).toBe(202);
      expect(Object.keys((await poll(job, ownerSession)).body.vmsCaps as object)).toEqual([owned]);
      expect(Object.keys((await poll(job)).body.vmsCaps as object)).toEqual([vm]);
    });
  });

  describe('what stays synchronous', () => {
    it('answers a call without a session at once, and stores no job', async () => {
      const job = newUuid();

      const missing = await request(sut.http)
        .post(CAPABILITIES)
        .set('X-Job-UUID', job)
        .send({ params: { vmUuids: [vm] } });
      const expired = await postAsJob(job, { params: { vmUuids: [vm] } }, newUuid());

      expect(missing.status).toBe(400);
      expect(missing.body.error.code).toBe('ID.1001');
      expect(expired.status).toBe(503);
      expect(expired.body).toEqual(SESSION_EXPIRED);
      expect(await jobRows(job)).toBe(0);
    });

    it.each([
      ['not a uuid', 'not-a-uuid'],
      ['too short', newUuid().slice(1)],
      ['empty', ''],
      ['two of them, joined', `${newUuid()}, ${newUuid()}`],
    ])('answers an X-Job-UUID that is %s at once with 503 SYS.1007', async (_, header) => {
      const response = await postAsJob(header, { params: { vmUuids: [vm] } });

      expect(response.status).toBe(503);
      expect(response.body).toEqual(
        invalid('the X-Job-UUID header is not a uuid of 32 hex characters'),
      );
    });

    it('answers a body that is not JSON at once', async () => {
      const job = newUuid();

      const response = await request(sut.http)
        .post(CAPABILITIES)
        .set('Authorization', `OAuth ${session}`)
        .set('X-Job-UUID', job)
        .set('Content-Type', 'application/json; charset=utf-8')
        .send('{"params":');

      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('SYS.1007');
      expect(await jobRows(job)).toBe(0);
    });

    it('answers the POST without X-Job-UUID at once, with 200', async () => {
      const response = await postAtOnce({ params: { vmUuids: [vm] } });

      expect(response.status).toBe(200);
      expect(Object.keys(response.body.vmsCaps as object)).toEqual([vm]);
    });

    it.each([
      ['the query form', () => `${CAPABILITIES}?vmUuids=${vm}`],
      ['the one-VM form', () => `/zstack/v1/vm-instances/${vm}/capabilities`],
    ])('answers %s at once, X-Job-UUID or not', async (_, path) => {
      const job = newUuid();

      const response = await request(sut.http)
        .get(path())
        .set('Authorization', `OAuth ${session}`)
        .set('X-Job-UUID', job)
        .set('X-JSON-Schema', 'true');

      expect(response.status).toBe(200);
      expect(await jobRows(job)).toBe(0);
    });

    it('answers a login at once, X-Job-UUID or not', async () => {
      const account = await sut.inventory.account();

      const response = await request(sut.http)
        .put('/zstack/v1/accounts/login')
        .set('X-Job-UUID', newUuid())
        .set('X-JSON-Schema', 'true')
        .send({
          logInByAccount: { accountName: account.name, password: account.passwordDigest },
        });

      expect(response.status).toBe(200);
      expect(response.body.inventory.accountUuid).toBe(account.uuid);
    });
  });

  describe('the sweep', () => {
    it('deletes expired jobs and keeps live ones', async () => {
      const expired = newUuid();
      const live = newUuid();
      await postAsJob(expired, { params: { vmUuids: [vm] } });
      await postAsJob(live, { params: { vmUuids: [vm] } });
      await sut.prisma.apiJob.updateMany({
        where: { uuid: expired },
        data: { expireDate: new Date(Date.now() - 1000) },
      });

      const deleted = await sut.app.get(ApiJobSweeper).sweep();

      expect(deleted).toBeGreaterThanOrEqual(1);
      expect(await jobRows(expired)).toBe(0);
      expect(await jobRows(live)).toBe(1);
      expect((await poll(live)).status).toBe(200);
    });
  });

  describe('the OpenAPI document', () => {
    it('documents X-Job-UUID, the 202 answer and the poll, beside the documented examples', async () => {
      const { body } = await request(sut.http).get('/docs-json');
      const post = body.paths[CAPABILITIES].post;

      expect(post.parameters).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ in: 'header', name: 'X-Job-UUID', required: false }),
        ]),
      );
      expect(post.responses['202'].content['application/json'].schema.$ref).toBe(
        '#/components/schemas/ApiJobLocationDto',
      );
      expect(post.responses['200']).toBeDefined();
      expect(Object.keys(post.requestBody.content['application/json'].examples)).toEqual([
        'documented',
        'list',
      ]);
      expect(Object.keys(body.paths[`${JOBS}/{uuid}`].get.responses)).toEqual(
        expect.arrayContaining(['200', '404', '503']),
      );
    });
  });

  describe('the statements a job call makes', () => {
    const countStatements = async (send: () => request.Test, status: number): Promise<number> => {
      const query = jest.spyOn(sut.prisma.pool, 'query');

      try {
        const response = await send();
        expect(response.status).toBe(status);

        return query.mock.calls.length;
      } finally {
        query.mockRestore();
      }
    };

    it('are those of the call without a job, and one to store it', async () => {
      const body = { params: { vmUuids: [vm] } };
      // The once-a-minute renewal is aside: the session has just been renewed.
      await postAtOnce(body);

      const atOnce = await countStatements(() => postAtOnce(body), 200);
      const asJob = await countStatements(() => postAsJob(newUuid(), body), 202);
      const polled = await countStatements(() => poll(newUuid()), 404);

      expect(asJob).toBe(atOnce + 1);
      expect(polled).toBeLessThanOrEqual(2);
    });
  });
});

describe('the location of a job behind a trusted proxy (e2e)', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp({ TRUST_PROXY: 'true' });
  });

  afterAll(async () => {
    await sut.close();
  });

  it('takes the scheme and host the proxy says the caller used', async () => {
    const session = await sut.inventory.adminSession();
    const vm = await sut.inventory.vm();
    const job = newUuid();

    const response = await request(sut.http)
      .post(CAPABILITIES)
      .set('Authorization', `OAuth ${session}`)
      .set('X-Job-UUID', job)
      .set('X-Forwarded-Proto', 'https')
      .set('X-Forwarded-Host', 'zstack.example')
      .send({ params: { vmUuids: [vm] } });

    expect(response.status).toBe(202);
    expect(response.body).toEqual({ location: `https://zstack.example${JOBS}/${job}` });
  });
});
