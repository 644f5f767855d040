import request from 'supertest';

import { TestApp, startTestApp } from './support/test-app';
import { invalid } from './support/zstack-error';

describe('bodies the validators and the database could not take (e2e)', () => {
  let sut: TestApp;
  let session: string;

  const post = (body: string) =>
    request(sut.http)
      .post('/zstack/v1/vm-instances/capabilities')
      .set('Authorization', `OAuth ${session}`)
      .set('Content-Type', 'application/json')
      .send(body);

  beforeAll(async () => {
    sut = await startTestApp();
    session = await sut.inventory.adminSession();
  });

  afterAll(async () => {
    await sut.close();
  });

  it('refuses a body nested deeper than 32 levels with 400 SYS.1007', async () => {
    const vm = await sut.inventory.vm();
    const deep = `${'['.repeat(1500)}${']'.repeat(1500)}`;

    const response = await post(`{"params":{"vmUuids":"${vm}"},"x":${deep}}`);

    expect(response.status).toBe(400);
    expect(response.body).toEqual(invalid('the request body is nested deeper than 32 levels'));
  });

  it('takes a body nested as deeply as ZStack bodies are', async () => {
    const vm = await sut.inventory.vm();

    const response = await post(
      `{"params":{"vmUuids":"${vm}"},"x":${'['.repeat(20)}${']'.repeat(20)}}`,
    );

    expect(response.status).toBe(200);
  });

  it.each([
    ['a NUL', '{"logInByAccount":{"accountName":"admin\\u0000","password":"x"}}'],
    ['an unpaired surrogate', '{"logInByAccount":{"accountName":"\\ud800","password":"x"}}'],
    [
      'an unpaired surrogate in a key',
      '{"\\udfff":1,"logInByAccount":{"accountName":"a","password":"x"}}',
    ],
  ])('refuses a login whose body holds %s, without a session', async (_name, body) => {
    const response = await request(sut.http)
      .put('/zstack/v1/accounts/login')
      .set('Content-Type', 'application/json')
      .send(body);

    expect(response.status).toBe(400);
    expect(response.body).toEqual(
      invalid('the request body holds a string with a NUL or an unpaired surrogate'),
    );
  });

  it.each(['null', '"abc"', '42', '[]', '[1, 2]'])(
    'refuses the JSON value %s as a body',
    async (body) => {
      const response = await post(body);

      expect(response.status).toBe(400);
      expect(response.body).toEqual(invalid('the request body is not a JSON object'));
    },
  );

  it('refuses a list holding a valid body, as it is not a JSON object', async () => {
    const vm = await sut.inventory.vm();

    const response = await post(JSON.stringify([{ params: { vmUuids: [vm] } }]));

    expect(response.status).toBe(400);
    expect(response.body).toEqual(invalid('the request body is not a JSON object'));
  });

  it('reads an empty body as {}, which lacks params', async () => {
    const response = await post('');

    expect(response.status).toBe(503);
    expect(response.body).toEqual(
      invalid('params should not be null or undefined; params must be an object'),
    );
  });
});
