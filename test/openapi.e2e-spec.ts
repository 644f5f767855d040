import request from 'supertest';

import { openApiProblems } from './support/openapi-validation';
import { TestApp, startTestApp } from './support/test-app';

describe('the OpenAPI document (e2e)', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp();
  });

  afterAll(async () => {
    await sut.close();
  });

  it('serves Swagger UI and the document without a session', async () => {
    const ui = await request(sut.http).get('/docs/');
    const document = await request(sut.http).get('/docs-json');

    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger-ui');
    expect(document.status).toBe(200);
    expect(document.body.openapi).toMatch(/^3\./);
  });

  it('documents the three capability forms, the session calls and both authorization schemes', async () => {
    const { body } = await request(sut.http).get('/docs-json');

    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        '/zstack/v1/vm-instances/capabilities',
        '/zstack/v1/vm-instances/{uuid}/capabilities',
        '/zstack/v1/accounts/login',
        '/zstack/v1/accounts/sessions/{uuid}',
        '/zstack/v1/accounts/sessions/{uuid}/valid',
      ]),
    );
    // Swagger UI sends the header as typed only for an API key scheme.
    expect(body.components.securitySchemes.OAuth).toEqual(
      expect.objectContaining({ type: 'apiKey', in: 'header', name: 'Authorization' }),
    );
    // Either a session or a request signed with an access key.
    expect(body.security).toEqual([{ OAuth: [] }, { ZStack: [] }]);
    expect(body.components.securitySchemes.ZStack).toEqual(
      expect.objectContaining({ type: 'apiKey', in: 'header', name: 'Authorization' }),
    );
    expect(body.paths['/zstack/v1/accounts/login'].put.security).toEqual([]);
    expect(body.paths['/zstack/v1/accounts/sessions/{uuid}'].delete.security).toEqual([]);
    expect(body.paths['/zstack/v1/accounts/sessions/{uuid}/valid'].get.security).toEqual([]);
  });

  it("carries the documentation's request and answer examples and the error envelope", async () => {
    const { body } = await request(sut.http).get('/docs-json');
    const post = body.paths['/zstack/v1/vm-instances/capabilities'].post;

    expect(post.requestBody.content['application/json'].examples.documented.value).toEqual({
      params: { vmUuids: '68e8ed0735333faab95816b3e8596cea' },
      systemTags: [],
      userTags: [],
    });
    expect(post.responses['503'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/ErrorEnvelopeDto',
    );
    expect(body.components.schemas.VmsCapabilitiesReplyDto.properties.vmsCaps.example).toEqual({
      '68e8ed0735333faab95816b3e8596cea': {
        supportLiveMigration: true,
        supportVolumeMigration: true,
        supportReimage: true,
        supportMemorySnapshot: false,
      },
    });
    expect(Object.keys(body.components.schemas.ErrorCodeDto.properties)).toEqual(
      expect.arrayContaining(['code', 'description', 'details', 'elaboration', 'opaque', 'cause']),
    );
  });

  it('serves a document that validates as OpenAPI 3', async () => {
    const { body } = await request(sut.http).get('/docs-json');

    expect(await openApiProblems(body)).toBeUndefined();
  });

  it('finds the problems of a document that does not validate', async () => {
    const { body } = await request(sut.http).get('/docs-json');
    const broken = structuredClone(body);
    delete broken.info;

    expect(await openApiProblems(broken)).toEqual(expect.stringContaining('info'));
  });
});
