import fc from 'fast-check';
import { AddressInfo } from 'node:net';

import { TestApp, startTestApp } from '../support/test-app';

import { contractViolations, describeAnswer } from './answer-contract';
import { Fixtures, GENERATORS, GeneratedRequest, describeRequest } from './arbitraries';
import { HttpClient } from './raw-http';

/** Requests in flight at once: one batch of the property is sent concurrently. */
const CONCURRENCY = 8;
/** A batch slot stays empty once in this many draws; shrinking empties the slots that pass. */
const SLOT_FREQ = 50;
const MINIMUM_REQUESTS = 10_000;
const REQUESTS = Math.max(MINIMUM_REQUESTS, Number(process.env.PROPERTY_REQUESTS ?? 0) || 0);
const SEED = process.env.PROPERTY_SEED
  ? Number(process.env.PROPERTY_SEED)
  : Math.floor(Math.random() * 2 ** 31);
/** Enough batches that the expected count of requests clears REQUESTS by a wide margin. */
const BATCHES = Math.ceil(REQUESTS / (CONCURRENCY * (1 - 1 / SLOT_FREQ))) + 20;

/** How often each generator is drawn: the well-formed calls most, as they reach the database. */
const WEIGHTS: Record<keyof typeof GENERATORS, number> = {
  wellFormed: 4,
  jsonBodies: 2,
  wrongTypes: 2,
  sizes: 1,
  unicode: 2,
  deepNesting: 1,
  injection: 2,
  headers: 2,
  contentTypes: 2,
  queryStrings: 3,
  brokenHttp: 1,
};

/** Every table but the sessions, each as its rows in JSON, sorted. */
async function inventorySnapshot(sut: TestApp): Promise<Record<string, string[]>> {
  const { rows: tables } = await sut.prisma.pool.query<{ name: string }>(
    "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'session' AND tablename !~* 'job' ORDER BY 1",
  );
  const snapshot: Record<string, string[]> = {};

  for (const { name } of tables) {
    const { rows } = await sut.prisma.pool.query<{ row: string }>(
      `SELECT row_to_json(t)::text AS row FROM "${name}" t`,
    );
    snapshot[name] = rows.map(({ row }) => row).sort();
  }

  return snapshot;
}

/** The inventory the requests aim at: sessions of every kind, and VMs of every shape. */
async function writeFixtures(sut: TestApp): Promise<Fixtures> {
  const { inventory } = sut;
  const admin = await inventory.account({ type: 'SystemAdmin' });
  const tenant = await inventory.account();
  const stranger = await inventory.account();
  const disabled = await inventory.account({ state: 'Disabled' });
  const login = await inventory.account({ password: 'secret' });
  const unregisteredStorageType = 'UnregisteredStorage';
  const visibleVms = [
    await inventory.vm({ owner: tenant.uuid }),
    await inventory.vm({ storageType: 'LocalStorage', state: 'Stopped', owner: tenant.uuid }),
    await inventory.vm({ owner: stranger.uuid, sharedWith: [tenant.uuid], cdRoms: ['iso'] }),
    await inventory.vm({ storageType: null, image: null }),
    await inventory.vm({ storageType: 'Ceph', image: 'deleted', state: 'Destroyed' }),
    await inventory.vm({ storageType: 'LocalStorage', dataVolumes: 1, image: 'ISO' }),
  ];

  return {
    adminSession: await inventory.session(admin.uuid),
    normalSession: await inventory.session(tenant.uuid),
    disabledSession: await inventory.session(disabled.uuid),
    expiredSession: await inventory.session(tenant.uuid, new Date(Date.now() - 60_000)),
    visibleVms,
    foreignVm: await inventory.vm({ owner: stranger.uuid }),
    unregisteredStorageVm: await inventory.vm({ storageType: unregisteredStorageType }),
    unregisteredStorageType,
    login: { accountName: login.name, password: login.passwordDigest },
    bodyLimit: sut.config.BODY_LIMIT_BYTES,
    headerLimit: sut.config.MAX_HEADER_BYTES,
  };
}

describe('generated requests (property, e2e)', () => {
  let sut: TestApp;
  let client: HttpClient;
  let fixtures: Fixtures;
  const sentBy = new Map<string, number>();
  /** Successes per generator: how many requests got through to the handlers and the database. */
  const succeededBy = new Map<string, number>();

  beforeAll(async () => {
    sut = await startTestApp({
      RATE_LIMIT_PER_SESSION: '0',
      RATE_LIMIT_PER_ADDRESS: '0',
      // Failed logins would otherwise lock every later login out, and keep them from the database.
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '1000000',
      LOGIN_MAX_FAILURES_PER_ADDRESS: '1000000',
    });
    await sut.app.listen(0, '127.0.0.1');
    client = new HttpClient((sut.http.address() as AddressInfo).port, CONCURRENCY);
    fixtures = await writeFixtures(sut);
  });

  afterAll(async () => {
    client?.close();
    await sut?.close();
  });

  /** Sends one request; what breaks the contract comes back as a paragraph naming request and answer. */
  async function violationOf(sent: GeneratedRequest): Promise<string | undefined> {
    sentBy.set(sent.generator, (sentBy.get(sent.generator) ?? 0) + 1);

    try {
      const answer = await client.send(sent);

      if (answer.status === 200) {
        succeededBy.set(sent.generator, (succeededBy.get(sent.generator) ?? 0) + 1);
      }

      const problems = contractViolations(sent, answer, fixtures);

      return problems.length === 0
        ? undefined
        : `${describeRequest(sent)}\nanswered: ${describeAnswer(answer)}\nbreaks: ${problems.join('; ')}`;
    } catch (error) {
      return `${describeRequest(sent)}\ngot no answer: ${String(error)}`;
    }
  }

  it(
    'answers every request with a success or the error envelope, and changes no inventory',
    async () => {
      process.stdout.write(
        `generated requests: seed ${SEED} (replay with PROPERTY_SEED=${SEED}), ${REQUESTS} requests\n`,
      );
      const before = await inventorySnapshot(sut);
      const anyRequest = fc.oneof(
        ...Object.entries(GENERATORS).map(([name, generator]) => ({
          weight: WEIGHTS[name as keyof typeof GENERATORS],
          arbitrary: generator(fixtures),
        })),
      );
      const batch = fc.tuple(
        ...Array.from({ length: CONCURRENCY }, () =>
          fc.option(anyRequest, { nil: undefined, freq: SLOT_FREQ }),
        ),
      );

      let failure: Error | undefined;

      try {
        await fc.assert(
          fc.asyncProperty(batch, async (requests) => {
            const violations = await Promise.all(
              requests.filter((sent) => sent !== undefined).map(violationOf),
            );
            const broken = violations.filter((text) => text !== undefined);

            if (broken.length > 0) {
              throw new Error(`the contract is broken:\n${broken.join('\n\n')}`);
            }
          }),
          { seed: SEED, numRuns: BATCHES },
        );
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
      }

      const total = [...sentBy.values()].reduce((sum, count) => sum + count, 0);
      process.stdout.write(
        [...sentBy.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(
            ([name, count]) =>
              `  ${name}: ${count} requests (${succeededBy.get(name) ?? 0} answered 200)\n`,
          )
          .join('') + `  total: ${total} requests\n`,
      );

      expect(await inventorySnapshot(sut)).toEqual(before);

      if (failure) {
        throw failure;
      }

      expect(total).toBeGreaterThanOrEqual(REQUESTS);
    },
    Math.max(180_000, REQUESTS * 20),
  );
});
