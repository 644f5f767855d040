import { INestApplication } from '@nestjs/common';

import request from 'supertest';

import { PrismaService } from '../src/database/prisma.service';

import { TestApp, createAppOn, startTestApp } from './support/test-app';
import {
  ThrowawayFolder,
  ThrowawayPostgres,
  makeThrowawayFolder,
  startThrowawayPostgres,
} from './support/throwaway-postgres';

const UP = { status: 'ok', info: {}, error: {}, details: {} };

describe('the health checks (e2e)', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp();
  });

  afterAll(async () => {
    await sut.close();
  });

  it('answers liveness 200 without a session and without asking the database', async () => {
    const connect = jest.spyOn(sut.prisma.pool, 'connect');
    const query = jest.spyOn(sut.prisma.pool, 'query');

    try {
      const response = await request(sut.http).get('/health/live');

      expect(response.status).toBe(200);
      expect(response.body).toEqual(UP);
      expect(connect).not.toHaveBeenCalled();
      expect(query).not.toHaveBeenCalled();
    } finally {
      connect.mockRestore();
      query.mockRestore();
    }
  });

  it('answers readiness 200 without a session while the database answers', async () => {
    const response = await request(sut.http).get('/health/ready');

    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toContain('no-store');
    expect(response.body).toEqual({
      status: 'ok',
      info: { database: { status: 'up' } },
      error: {},
      details: { database: { status: 'up' } },
    });
  });

  it('documents both routes under the health tag, with no session required', async () => {
    const { body } = await request(sut.http).get('/docs-json');

    for (const route of ['/health/live', '/health/ready']) {
      expect(body.paths[route].get.tags).toEqual(['health']);
      expect(body.paths[route].get.security).toEqual([]);
      expect(Object.keys(body.paths[route].get.responses)).toEqual(['200', '503']);
    }

    expect(body.paths['/metrics'].get.tags).toEqual(['metrics']);
    expect(body.paths['/metrics'].get.security).toEqual([]);
  });
});

describe('readiness while the database goes down and comes back (e2e)', () => {
  let folder: ThrowawayFolder | undefined;
  let database: ThrowawayPostgres | undefined;
  let app: INestApplication | undefined;

  beforeAll(async () => {
    folder = makeThrowawayFolder('vm-capabilities-health');
    database = await startThrowawayPostgres(folder.path, 'vmcaps_health');
    app = await createAppOn(database.url, { DB_TIMEOUT_MS: '1000' });
    await app.init();
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await database?.close();
    folder?.remove();
  });

  it('answers 503 with the failed check while the database is down, and 200 once it is back', async () => {
    const http = app!.getHttpServer() as Parameters<typeof request>[0];
    // The pool then holds an idle connection, which the stop must drop.
    await app!.get(PrismaService).$queryRawUnsafe('SELECT 1');
    const before = await request(http).get('/health/ready');

    await database!.stop();
    const started = Date.now();
    const down = await request(http).get('/health/ready');
    const waited = Date.now() - started;
    const liveWhileDown = await request(http).get('/health/live');
    await database!.start();
    const back = await request(http).get('/health/ready');

    expect(before.status).toBe(200);
    expect(down.status).toBe(503);
    expect(down.body).toEqual({
      status: 'error',
      info: {},
      error: { database: { status: 'down' } },
      details: { database: { status: 'down' } },
    });
    expect(waited).toBeLessThan(3000);
    expect(liveWhileDown.status).toBe(200);
    expect(liveWhileDown.body).toEqual(UP);
    expect(back.status).toBe(200);
    expect(back.body.details).toEqual({ database: { status: 'up' } });
  });
});
