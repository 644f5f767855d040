import { Client } from 'pg';
import request from 'supertest';

import { TestApp, startTestApp } from './support/test-app';
import { apiError } from './support/zstack-error';

const TIMEOUT_MS = 500;

describe('a database that does not answer in time (e2e)', () => {
  let sut: TestApp;
  let session: string;
  let locker: Client;

  beforeAll(async () => {
    sut = await startTestApp({ DB_TIMEOUT_MS: String(TIMEOUT_MS) });
    session = await sut.inventory.adminSession();
    locker = new Client({ connectionString: sut.config.DATABASE_URL });
    await locker.connect();
  });

  afterAll(async () => {
    await locker.end();
    await sut.close();
  });

  it('answers SYS.1001 after the bounded wait while a statement is blocked, then serves again', async () => {
    const vm = await sut.inventory.vm();
    const ask = () =>
      request(sut.http)
        .post('/zstack/v1/vm-instances/capabilities')
        .set('Authorization', `OAuth ${session}`)
        .send({ params: { vmUuids: [vm] } });
    // Another transaction holds the VM table, so the service's statement waits on it.
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE vm_instance IN ACCESS EXCLUSIVE MODE');

    const started = Date.now();
    const blocked = await ask();
    const waited = Date.now() - started;
    await locker.query('ROLLBACK');
    const after = await ask();

    expect(blocked.status).toBe(503);
    expect(blocked.body).toEqual(
      apiError('SYS.1001', 'the inventory database did not answer in time'),
    );
    expect(waited).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(waited).toBeLessThan(TIMEOUT_MS * 6);
    expect(after.status).toBe(200);
  });
});
