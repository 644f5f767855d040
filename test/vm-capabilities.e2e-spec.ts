import request from 'supertest';

import { TestApp, startTestApp } from './support/test-app';

describe('GetVmsCapabilities (e2e)', () => {
  let sut: TestApp;
  let session: string;

  beforeAll(async () => {
    sut = await startTestApp();
    session = await sut.inventory.adminSession();
  });

  afterAll(async () => {
    await sut.close();
  });

  it('answers the flags of a Running VM on NFS', async () => {
    const vm = await sut.inventory.vm({ storageType: 'NFS', state: 'Running' });

    const response = await request(sut.http)
      .post('/zstack/v1/vm-instances/capabilities')
      .set('Authorization', `OAuth ${session}`)
      .send({ params: { vmUuids: [vm] } });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      vmsCaps: {
        [vm]: {
          supportLiveMigration: true,
          supportVolumeMigration: false,
          supportReimage: true,
          supportMemorySnapshot: false,
        },
      },
    });
  });
});
