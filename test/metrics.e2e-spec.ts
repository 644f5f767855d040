import request from 'supertest';

import { TestApp, startTestApp } from './support/test-app';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Reads Prometheus's text format: one sample a line, comments aside. */
function parseSamples(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [, name, labelText = '', value] = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line)!;
      const labels = Object.fromEntries(
        [...labelText.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, key, text]) => [key, text]),
      );

      return { name, labels, value: Number(value) };
    });
}

/** The value of the one sample with that name and those labels; 0 when there is none yet. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const matching = samples.filter(
    (sample) =>
      sample.name === name &&
      Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  );

  expect(matching.length).toBeLessThanOrEqual(1);

  return matching[0]?.value ?? 0;
}

describe('the metrics (e2e)', () => {
  let sut: TestApp;
  let session: string;

  const scrape = async (app: TestApp = sut): Promise<Sample[]> => {
    const response = await request(app.http).get('/metrics');
    expect(response.status).toBe(200);

    return parseSamples(response.text);
  };

  beforeAll(async () => {
    sut = await startTestApp();
    session = await sut.inventory.adminSession();
  });

  afterAll(async () => {
    await sut.close();
  });

  it('serves the Prometheus text format without a session, with the process metrics', async () => {
    const response = await request(sut.http).get('/metrics');

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain;/);
    expect(response.headers['content-type']).toContain('version=0.0.4');
    expect(response.text).toContain('# TYPE process_cpu_user_seconds_total counter');
    expect(response.text).toContain('# TYPE nodejs_heap_size_used_bytes gauge');
    expect(response.text).toContain('# TYPE http_requests_total counter');
    expect(response.text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(response.text).toContain('# TYPE vm_capability_answers_total counter');
    expect(response.text).toContain('# TYPE db_query_duration_seconds histogram');
  });

  it('counts a capability call by its route pattern, its flags and its statements', async () => {
    const vm = await sut.inventory.vm();
    const call = { method: 'POST', route: '/zstack/v1/vm-instances/capabilities', status: '200' };
    const liveMigration = { flag: 'supportLiveMigration', value: 'true' };
    const before = await scrape();
    const spy = jest.spyOn(sut.prisma.pool, 'query');
    let statements: number;
    let response: request.Response;

    try {
      response = await request(sut.http)
        .post('/zstack/v1/vm-instances/capabilities')
        .set('Authorization', `OAuth ${session}`)
        .send({ params: { vmUuids: [vm] } });
      statements = spy.mock.calls.length;
    } finally {
      spy.mockRestore();
    }

    const after = await scrape();

    expect(response.status).toBe(200);
    expect(valueOf(after, 'http_requests_total', call)).toBe(
      valueOf(before, 'http_requests_total', call) + 1,
    );
    expect(valueOf(after, 'http_request_duration_seconds_count', call)).toBe(
      valueOf(before, 'http_request_duration_seconds_count', call) + 1,
    );
    expect(valueOf(after, 'vm_capability_answers_total', liveMigration)).toBe(
      valueOf(before, 'vm_capability_answers_total', liveMigration) + 1,
    );
    // Each pool.query is timed; statements in a transaction (the session's renewal) are too.
    expect(statements).toBeGreaterThan(0);
    expect(valueOf(after, 'db_query_duration_seconds_count')).toBeGreaterThanOrEqual(
      valueOf(before, 'db_query_duration_seconds_count') + statements,
    );
  });

  it('counts every flag of every VM answered, and nothing for validationOnly', async () => {
    const vms = [await sut.inventory.vm(), await sut.inventory.vm({ state: 'Stopped' })];
    const ask = (systemTags: string[]) =>
      request(sut.http)
        .post('/zstack/v1/vm-instances/capabilities')
        .set('Authorization', `OAuth ${session}`)
        .send({ params: { vmUuids: vms }, systemTags });
    const answered = (samples: Sample[]): number =>
      samples
        .filter((sample) => sample.name === 'vm_capability_answers_total')
        .reduce((sum, sample) => sum + sample.value, 0);
    const before = await scrape();

    expect((await ask([])).status).toBe(200);
    const afterAnswer = await scrape();
    expect((await ask(['validationOnly'])).status).toBe(200);
    const afterValidation = await scrape();

    expect(answered(afterAnswer) - answered(before)).toBe(2 * 4);
    expect(answered(afterValidation)).toBe(answered(afterAnswer));
    expect(
      valueOf(afterAnswer, 'vm_capability_answers_total', {
        flag: 'supportLiveMigration',
        value: 'false',
      }) -
        valueOf(before, 'vm_capability_answers_total', {
          flag: 'supportLiveMigration',
          value: 'false',
        }),
    ).toBe(1);
  });

  it('labels requests by route pattern, never by the uuids in their path or header', async () => {
    const vm = await sut.inventory.vm();
    const byPath = await request(sut.http)
      .get(`/zstack/v1/vm-instances/${vm}/capabilities`)
      .set('Authorization', `OAuth ${session}`);
    const unknownPath = await request(sut.http)
      .get(`/zstack/v1/sessions/${session}/anything`)
      .set('Authorization', `OAuth ${session}`);
    const noSession = await request(sut.http).get(`/zstack/v1/vm-instances/${vm}/capabilities`);
    const response = await request(sut.http).get('/metrics');
    const samples = parseSamples(response.text);

    expect([byPath.status, unknownPath.status, noSession.status]).toEqual([200, 404, 400]);
    expect(
      valueOf(samples, 'http_requests_total', {
        method: 'GET',
        route: '/zstack/v1/vm-instances/:uuid/capabilities',
        status: '200',
      }),
    ).toBe(1);
    expect(
      valueOf(samples, 'http_requests_total', {
        method: 'GET',
        route: '/zstack/v1/vm-instances/:uuid/capabilities',
        status: '400',
      }),
    ).toBe(1);
    expect(
      valueOf(samples, 'http_requests_total', { method: 'GET', route: 'unmatched', status: '404' }),
    ).toBe(1);
    expect(response.text).not.toContain(session);
    expect(response.text).not.toContain(vm);
  });

  it('counts health and metrics requests under their own routes', async () => {
    await request(sut.http).get('/health/live');
    const samples = await scrape();

    expect(
      valueOf(samples, 'http_requests_total', {
        method: 'GET',
        route: '/health/live',
        status: '200',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      valueOf(samples, 'http_requests_total', { method: 'GET', route: '/metrics', status: '200' }),
    ).toBeGreaterThanOrEqual(1);
  });

  it("keeps each application's series apart when two share a process", async () => {
    const other = await startTestApp();

    try {
      const vm = await sut.inventory.vm();
      const call = { method: 'POST', route: '/zstack/v1/vm-instances/capabilities' };
      const before = await scrape(other);
      await request(sut.http)
        .post('/zstack/v1/vm-instances/capabilities')
        .set('Authorization', `OAuth ${session}`)
        .send({ params: { vmUuids: [vm] } })
        .expect(200);
      const after = await scrape(other);

      expect(valueOf(after, 'http_requests_total', call)).toBe(
        valueOf(before, 'http_requests_total', call),
      );
      expect(valueOf(after, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
  });
});
