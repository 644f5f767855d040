import { INestApplication } from '@nestjs/common';

import { Server } from 'node:http';
import request from 'supertest';

import { loadAppConfig } from '../src/config/app-config';
import { createApp } from '../src/create-app';

import { newUuid } from './support/inventory.factory';
import { TestApp, startTestApp } from './support/test-app';
import { apiError, invalid } from './support/zstack-error';

const CAPS = '/zstack/v1/vm-instances/capabilities';
const oneVm = (uuid: string): string => `/zstack/v1/vm-instances/${uuid}/capabilities`;

const notFound = (...uuids: string[]) =>
  apiError('SYS.1003', `cannot find the VM instance(s): ${uuids.join(', ')}`);

const NO_HEADER = apiError(
  'ID.1001',
  'the Authorization header is missing; send "Authorization: OAuth <sessionUuid>"',
);

/** The flags of a Running VM on NFS, the factory's default VM. */
const NFS_RUNNING = {
  supportLiveMigration: true,
  supportVolumeMigration: false,
  supportReimage: true,
  supportMemorySnapshot: false,
};

const dashed = (uuid: string): string =>
  [
    uuid.slice(0, 8),
    uuid.slice(8, 12),
    uuid.slice(12, 16),
    uuid.slice(16, 20),
    uuid.slice(20),
  ].join('-');

describe('errors (e2e)', () => {
  let sut: TestApp;
  let session: string;

  beforeAll(async () => {
    sut = await startTestApp({ MAX_VM_UUIDS: '3', BODY_LIMIT_BYTES: '2048' });
    session = await sut.inventory.adminSession();
  });

  afterAll(async () => {
    await sut.close();
  });

  const post = (body: unknown) =>
    request(sut.http)
      .post(CAPS)
      .set('Authorization', `OAuth ${session}`)
      .send(body as object);

  const get = (query: string) =>
    request(sut.http).get(`${CAPS}?${query}`).set('Authorization', `OAuth ${session}`);

  describe('VMs that are not there', () => {
    it('answers SYS.1003 naming the one unknown uuid of a POST', async () => {
      const unknown = newUuid();

      const response = await post({ params: { vmUuids: [unknown] } });

      expect(response.status).toBe(503);
      expect(response.body).toEqual(notFound(unknown));
    });

    it('answers SYS.1003 naming every unknown uuid in the order asked, as sent, with no partial answer (POST)', async () => {
      const known = await sut.inventory.vm();
      const [a, b] = [dashed(newUuid()), newUuid().toUpperCase()];

      const response = await post({ params: { vmUuids: [a, known, b] } });

      expect(response.status).toBe(503);
      expect(response.body).toEqual(notFound(a, b));
    });

    it('answers SYS.1003 naming every unknown uuid in the order asked for GET with repeated vmUuids', async () => {
      const known = await sut.inventory.vm();
      const [a, b] = [newUuid(), newUuid().toUpperCase()];

      const response = await get(`vmUuids=${b}&vmUuids=${known}&vmUuids=${a}`);

      expect(response.status).toBe(503);
      expect(response.body).toEqual(notFound(b, a));
    });

    it('answers SYS.1003 naming every unknown uuid in index order for GET with vmUuids.N', async () => {
      const known = await sut.inventory.vm();
      const [a, b] = [newUuid(), newUuid()];

      const response = await get(`vmUuids.2=${a}&vmUuids.0=${b}&vmUuids.1=${known}`);

      expect(response.status).toBe(503);
      expect(response.body).toEqual(notFound(b, a));
    });

    it('answers SYS.1003 to an unknown uuid of a GET that comes after 1,000 other query parameters', async () => {
      const known = await sut.inventory.vm();
      const unknown = newUuid();
      const filler = Array.from({ length: 1000 }, (_, index) => `p${index}=1`).join('&');

      const response = await get(`vmUuids=${known}&${filler}&vmUuids=${unknown}`);

      expect(response.status).toBe(503);
      expect(response.body).toEqual(notFound(unknown));
    });

    it('answers SYS.1003 naming the uuid for GET /{uuid}/capabilities of an unknown VM', async () => {
      const unknown = newUuid();

      const response = await request(sut.http)
        .get(oneVm(unknown))
        .set('Authorization', `OAuth ${session}`);

      expect(response.status).toBe(503);
      expect(response.body).toEqual(notFound(unknown));
    });

    it('answers SYS.1007 for GET /{uuid}/capabilities with a malformed uuid, without echoing it', async () => {
      const response = await request(sut.http)
        .get(oneVm('not-a-uuid-value'))
        .set('Authorization', `OAuth ${session}`);

      expect(response.status).toBe(503);
      expect(response.body).toEqual(invalid('uuid is not a uuid of 32 hex characters'));
      expect(response.text).not.toContain('not-a-uuid-value');
    });
  });

  describe('bodies that cannot be read', () => {
    const badJson = '{"params": {"vmUuids": [';

    it('answers 400 SYS.1007 to a body that is not JSON, with a valid session', async () => {
      const response = await request(sut.http)
        .post(CAPS)
        .set('Authorization', `OAuth ${session}`)
        .set('Content-Type', 'application/json')
        .send(badJson);

      expect(response.status).toBe(400);
      expect(response.body).toEqual(invalid('the request body is not a JSON object'));
    });

    it('answers 400 ID.1001 to a body that is not JSON without a session: authentication runs first', async () => {
      const response = await request(sut.http)
        .post(CAPS)
        .set('Content-Type', 'application/json')
        .send(badJson);

      expect(response.status).toBe(400);
      expect(response.body).toEqual(NO_HEADER);
    });

    it('answers 503 ID.1001 to a body that is not JSON with an unknown session', async () => {
      const response = await request(sut.http)
        .post(CAPS)
        .set('Authorization', `OAuth ${newUuid()}`)
        .set('Content-Type', 'application/json')
        .send(badJson);

      expect(response.status).toBe(503);
      expect(response.body).toEqual(apiError('ID.1001', 'Session expired'));
    });

    it('answers 400 SYS.1007 to a JSON body that is a bare string', async () => {
      const response = await request(sut.http)
        .post(CAPS)
        .set('Authorization', `OAuth ${session}`)
        .set('Content-Type', 'application/json')
        .send('"68e8ed0735333faab95816b3e8596cea"');

      expect(response.status).toBe(400);
      expect(response.body).toEqual(invalid('the request body is not a JSON object'));
    });

    it('answers 413 SYS.1007 to a body over the limit, with a valid session', async () => {
      const vm = await sut.inventory.vm();

      const response = await post({ params: { vmUuids: [vm] }, padding: 'x'.repeat(4096) });

      expect(response.status).toBe(413);
      expect(response.body).toEqual(invalid('the request body is larger than the service accepts'));
    });

    it('answers 400 ID.1001 to a body over the limit without a session', async () => {
      const response = await request(sut.http)
        .post(CAPS)
        .send({ params: { vmUuids: [newUuid()] }, padding: 'x'.repeat(4096) });

      expect(response.status).toBe(400);
      expect(response.body).toEqual(NO_HEADER);
    });
  });

  describe('unknown routes', () => {
    it('answers 404 SYS.1003 to an unknown route', async () => {
      const response = await request(sut.http)
        .get('/zstack/v1/no-such-api')
        .set('Authorization', `OAuth ${session}`);

      expect(response.status).toBe(404);
      expect(response.body).toEqual(apiError('SYS.1003', 'no API answers this method and path'));
    });

    it('answers 404 SYS.1003 to an unknown route with a body that is not JSON', async () => {
      const response = await request(sut.http)
        .post('/zstack/v1/no-such-api')
        .set('Authorization', `OAuth ${session}`)
        .set('Content-Type', 'application/json')
        .send('{not json');

      expect(response.status).toBe(404);
      expect(response.body).toEqual(apiError('SYS.1003', 'no API answers this method and path'));
    });

    it('answers 404 SYS.1003 to a method the capabilities path does not serve', async () => {
      const response = await request(sut.http)
        .delete(CAPS)
        .set('Authorization', `OAuth ${session}`);

      expect(response.status).toBe(404);
      expect(response.body).toEqual(apiError('SYS.1003', 'no API answers this method and path'));
    });
  });

  describe('validation (503 SYS.1007)', () => {
    it('rejects a POST without a body', async () => {
      const response = await request(sut.http).post(CAPS).set('Authorization', `OAuth ${session}`);

      expect(response.status).toBe(503);
      expect(response.body).toEqual(
        invalid('params should not be null or undefined; params must be an object'),
      );
    });

    it('rejects a body without params', async () => {
      const response = await post({ vmUuids: [newUuid()] });

      expect(response.status).toBe(503);
      expect(response.body).toEqual(
        invalid('params should not be null or undefined; params must be an object'),
      );
    });

    it('rejects params that is a string', async () => {
      const response = await post({ params: 'vmUuids' });

      expect(response.status).toBe(503);
      expect(response.body).toEqual(
        invalid('params must be an object; nested property params must be either object or array'),
      );
    });

    it('rejects params that is a list', async () => {
      const response = await post({ params: [{ vmUuids: [newUuid()] }] });

      expect(response.status).toBe(503);
      expect(response.body).toEqual(invalid('params must be an object'));
    });

    it('rejects params without vmUuids', async () => {
      const response = await post({ params: {} });

      expect(response.status).toBe(503);
      expect(response.body).toEqual(
        invalid(
          'params.vmUuids should not be null or undefined; ' +
            'each value in params.vmUuids must be a string; ' +
            'params.vmUuids should not be empty; params.vmUuids must be an array',
        ),
      );
    });

    it('rejects an empty vmUuids list', async () => {
      const response = await post({ params: { vmUuids: [] } });

      expect(response.status).toBe(503);
      expect(response.body).toEqual(invalid('params.vmUuids should not be empty'));
    });

    it('rejects vmUuids that is a number', async () => {
      const response = await post({ params: { vmUuids: 42 } });

      expect(response.status).toBe(503);
      expect(response.body).toEqual(
        invalid(
          'each value in params.vmUuids must be a string; ' +
            'params.vmUuids should not be empty; params.vmUuids must be an array',
        ),
      );
    });

    it('rejects a vmUuids list holding a number', async () => {
      const vm = await sut.inventory.vm();

      const response = await post({ params: { vmUuids: [vm, 42] } });

      expect(response.status).toBe(503);
      expect(response.body).toEqual(invalid('each value in params.vmUuids must be a string'));
    });

    it('names the position vmUuids[1] of a malformed uuid and never echoes it', async () => {
      const vm = await sut.inventory.vm();
      const malformed = `${vm.slice(0, 31)}g-secret`;

      const response = await post({ params: { vmUuids: [vm, malformed] } });

      expect(response.status).toBe(503);
      expect(response.body).toEqual(invalid('vmUuids[1] is not a uuid of 32 hex characters'));
      expect(response.text).not.toContain(malformed);
    });

    it('rejects a uuid of 32 characters that are not all hex', async () => {
      const response = await post({ params: { vmUuids: ['z'.repeat(32)] } });

      expect(response.status).toBe(503);
      expect(response.body).toEqual(invalid('vmUuids[0] is not a uuid of 32 hex characters'));
    });

    it('rejects more vmUuids than MAX_VM_UUIDS, counting duplicates as sent', async () => {
      const vm = await sut.inventory.vm();

      const response = await post({ params: { vmUuids: [vm, vm, vm.toUpperCase(), vm] } });

      expect(response.status).toBe(503);
      expect(response.body).toEqual(invalid('vmUuids has 4 entries; at most 3 are allowed'));
    });

    it('accepts exactly MAX_VM_UUIDS entries', async () => {
      const vm = await sut.inventory.vm();

      const response = await post({ params: { vmUuids: [vm, vm, vm] } });

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ vmsCaps: { [vm]: NFS_RUNNING } });
    });

    it('rejects more vmUuids than MAX_VM_UUIDS in a GET', async () => {
      const vm = await sut.inventory.vm();

      const response = await get(`vmUuids=${vm}&vmUuids=${vm}&vmUuids.0=${vm}&vmUuids.1=${vm}`);

      expect(response.status).toBe(503);
      expect(response.body).toEqual(invalid('vmUuids has 4 entries; at most 3 are allowed'));
    });

    it('counts every vmUuids of a GET against MAX_VM_UUIDS, after 1,000 other query parameters too', async () => {
      const vm = await sut.inventory.vm();
      const filler = Array.from({ length: 1000 }, (_, index) => `p${index}=1`).join('&');

      const response = await get(
        `vmUuids=${vm}&vmUuids=${vm}&vmUuids=${vm}&${filler}&vmUuids=${vm}`,
      );

      expect(response.status).toBe(503);
      expect(response.body).toEqual(invalid('vmUuids has 4 entries; at most 3 are allowed'));
    });

    it('rejects systemTags that is a string', async () => {
      const vm = await sut.inventory.vm();

      const response = await post({ params: { vmUuids: [vm] }, systemTags: 'validationOnly' });

      expect(response.status).toBe(503);
      expect(response.body).toEqual(invalid('systemTags must be an array'));
    });

    it('rejects systemTags holding a number', async () => {
      const vm = await sut.inventory.vm();

      const response = await post({ params: { vmUuids: [vm] }, systemTags: ['validationOnly', 1] });

      expect(response.status).toBe(503);
      expect(response.body).toEqual(invalid('each value in systemTags must be a string'));
    });

    it('rejects userTags that is not a list of strings', async () => {
      const vm = await sut.inventory.vm();

      const response = await post({ params: { vmUuids: [vm] }, userTags: [{ tag: 'x' }] });

      expect(response.status).toBe(503);
      expect(response.body).toEqual(invalid('each value in userTags must be a string'));
    });

    it('ignores unknown fields', async () => {
      const vm = await sut.inventory.vm();

      const response = await post({
        params: { vmUuids: [vm], session: { uuid: 'x' }, extra: 1 },
        apiId: 'abc',
        unknown: [1, 2],
      });

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ vmsCaps: { [vm]: NFS_RUNNING } });
    });

    it('rejects a GET without vmUuids', async () => {
      const response = await request(sut.http).get(CAPS).set('Authorization', `OAuth ${session}`);

      expect(response.status).toBe(503);
      expect(response.body).toEqual(invalid('vmUuids must contain at least one uuid'));
    });

    it('names the position of a malformed uuid in a GET and never echoes it', async () => {
      const vm = await sut.inventory.vm();

      const response = await get(`vmUuids=${vm}&vmUuids=secret-value`);

      expect(response.status).toBe(503);
      expect(response.body).toEqual(invalid('vmUuids[1] is not a uuid of 32 hex characters'));
      expect(response.text).not.toContain('secret-value');
    });
  });

  describe('accepted forms', () => {
    it('answers the documented curl form: a lone string, charset in Content-Type, placeholder tags', async () => {
      const vm = await sut.inventory.vm();

      const response = await request(sut.http)
        .post(CAPS)
        .set('Authorization', `OAuth ${session}`)
        .set('Content-Type', 'application/json;charset=UTF-8')
        .send(
          `{"params":{"vmUuids":"${vm}"},"systemTags":["<systemTags>"],"userTags":["<userTags>"]}`,
        );

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ vmsCaps: { [vm]: NFS_RUNNING } });
    });

    it('answers a dashed uuid and an upper-case uuid under the keys sent', async () => {
      const [first, second] = [await sut.inventory.vm(), await sut.inventory.vm()];

      const response = await post({
        params: { vmUuids: [dashed(first), second.toUpperCase()] },
      });

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        vmsCaps: { [dashed(first)]: NFS_RUNNING, [second.toUpperCase()]: NFS_RUNNING },
      });
    });

    it('collapses duplicates into one key, the first form sent', async () => {
      const vm = await sut.inventory.vm();

      const response = await post({ params: { vmUuids: [vm.toUpperCase(), vm, dashed(vm)] } });

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ vmsCaps: { [vm.toUpperCase()]: NFS_RUNNING } });
    });

    it('answers an empty vmsCaps to validationOnly for known VMs', async () => {
      const [first, second] = [await sut.inventory.vm(), await sut.inventory.vm()];

      const response = await post({
        params: { vmUuids: [first, second] },
        systemTags: ['validationOnly'],
      });

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ vmsCaps: {} });
    });

    it("heeds validationOnly inside params, where ZStack's Java SDK sends the tags", async () => {
      const vm = await sut.inventory.vm();

      const response = await post({
        params: { vmUuids: [vm], systemTags: ['validationOnly'], userTags: [] },
      });

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ vmsCaps: {} });
    });

    it('answers the flags when either list of tags is null, as when it is absent', async () => {
      const vm = await sut.inventory.vm();

      const response = await post({
        params: { vmUuids: [vm], systemTags: null, userTags: null },
        systemTags: null,
        userTags: null,
      });

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ vmsCaps: { [vm]: NFS_RUNNING } });
    });

    it('rejects params.systemTags that is not a list of strings', async () => {
      const vm = await sut.inventory.vm();

      const response = await post({ params: { vmUuids: [vm], systemTags: 'validationOnly' } });

      expect(response.status).toBe(503);
      expect(response.body).toEqual(invalid('params.systemTags must be an array'));
    });

    it.each([
      ['repeated', 'systemTags=validationOnly'],
      ['indexed', 'systemTags.0=validationOnly'],
    ])('heeds validationOnly in the GET form, %s', async (_form, tags) => {
      const vm = await sut.inventory.vm();

      const response = await get(`vmUuids=${vm}&${tags}`);

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ vmsCaps: {} });
    });

    it('answers SYS.1003 to validationOnly for unknown VMs', async () => {
      const known = await sut.inventory.vm();
      const unknown = newUuid();

      const response = await post({
        params: { vmUuids: [known, unknown] },
        systemTags: ['validationOnly'],
      });

      expect(response.status).toBe(503);
      expect(response.body).toEqual(notFound(unknown));
    });

    it('answers SYS.1007 to validationOnly with a malformed uuid', async () => {
      const response = await post({
        params: { vmUuids: ['nope'] },
        systemTags: ['validationOnly'],
      });

      expect(response.status).toBe(503);
      expect(response.body).toEqual(invalid('vmUuids[0] is not a uuid of 32 hex characters'));
    });
  });

  describe('internal errors', () => {
    it('answers SYS.1000 to a VM whose root volume is on an unregistered storage type', async () => {
      const vm = await sut.inventory.vm({ storageType: 'NoSuchType' });

      const response = await post({ params: { vmUuids: [vm] } });

      expect(response.status).toBe(503);
      expect(response.body).toEqual(
        apiError('SYS.1000', 'primary storage type NoSuchType is not registered'),
      );
    });

    it('answers SYS.1000 to GET /{uuid}/capabilities on an unregistered storage type', async () => {
      const vm = await sut.inventory.vm({ storageType: 'NoSuchType' });

      const response = await request(sut.http)
        .get(oneVm(vm))
        .set('Authorization', `OAuth ${session}`);

      expect(response.status).toBe(503);
      expect(response.body).toEqual(
        apiError('SYS.1000', 'primary storage type NoSuchType is not registered'),
      );
    });
  });

  describe('the database unreachable', () => {
    let unreachable: INestApplication;

    beforeAll(async () => {
      unreachable = await createApp(
        loadAppConfig({
          DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/none',
          DB_TIMEOUT_MS: '500',
          LOG_LEVEL: 'silent',
          PASSWORD_HASH_MEMORY_KIB: '64',
          PASSWORD_HASH_ITERATIONS: '1',
        }),
      );
      await unreachable.init();
    });

    afterAll(async () => {
      await unreachable.close();
    });

    it('answers 503 SYS.1001 within a couple of seconds', async () => {
      const started = Date.now();

      const response = await request(unreachable.getHttpServer() as Server)
        .post(CAPS)
        .set('Authorization', `OAuth ${newUuid()}`)
        .send({ params: { vmUuids: [newUuid()] } });

      expect(Date.now() - started).toBeLessThan(3000);
      expect(response.status).toBe(503);
      expect(response.body).toEqual(
        apiError('SYS.1001', 'the inventory database did not answer in time'),
      );
    });

    it('answers 503 SYS.1001 to a login', async () => {
      const response = await request(unreachable.getHttpServer() as Server)
        .put('/zstack/v1/accounts/login')
        .send({ logInByAccount: { accountName: 'admin', password: 'x'.repeat(128) } });

      expect(response.status).toBe(503);
      expect(response.body).toEqual(
        apiError('SYS.1001', 'the inventory database did not answer in time'),
      );
    });
  });
});
