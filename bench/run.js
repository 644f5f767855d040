'use strict';
// `npm run bench`: the service against a minimal node:http + pg server answering
// the same GetVmsCapabilities requests from the same inventory, on this machine.
// Postgres is DATABASE_URL's server, or else an embedded one kept in a folder of
// the benchmark's own. BENCH_DURATION_SECONDS shortens or lengthens each run;
// BENCH_INVENTORY=100000 (or 1000) runs one inventory size only.
const autocannon = require('autocannon');
const { mkdirSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { isDeepStrictEqual } = require('node:util');
const { Client } = require('pg');

const {
  adminSessionUuid,
  prepareInventory,
  refreshSessions,
  vmUuid,
  withDatabase,
} = require('./inventories');
const { paced } = require('./paced');
const { buildCopyOf, cleanupSteps, copyBuild, postgresServer } = require('./harness');
const { SERVICE_NODE_ARGS, get, post, sleep, startServer } = require('./processes');

const dist = path.join(buildCopyOf('vmcaps-bench'), 'src');
const PATH = '/zstack/v1/vm-instances/capabilities';
const CONNECTIONS = 16;
const DURATION_S = Number(process.env.BENCH_DURATION_SECONDS || 8);
const WARMUP_S = 3;
/** The whole benchmark is stopped past this, whatever it is doing. */
const BOUND_MS = 15 * 60_000;
/** Rates each side sustains with room to spare on two cores, so that latency is not queueing. */
const RATES = { 1: 100, 100: 40, 1000: 8 };
/** Distinct pre-generated bodies per batch size, cycled through by every connection. */
const BODIES = { 1: 512, 100: 64, 1000: 16 };
/** Requests sent to count statements; exact counts, so a few hundred suffice. */
const COUNTED = { 1: 400, 100: 200, 1000: 40 };
const INVENTORIES = [
  { database: 'vmcaps_bench_100k', vms: 100_000, batches: [1, 100, 1000] },
  { database: 'vmcaps_bench_1k', vms: 1_000, batches: [1, 100] },
].filter(({ vms }) => !process.env.BENCH_INVENTORY || Number(process.env.BENCH_INVENTORY) === vms);

const progress = (line) => console.error(`[bench] ${line}`);

/** A small seeded generator, so that every run asks for the same VMs. */
function seededRandom(seed) {
  let state = seed >>> 0;

  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);

    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function bodiesFor(vms, batch) {
  const random = seededRandom(vms * 7919 + batch);

  return Array.from({ length: BODIES[batch] }, () => {
    const picked = new Set();

    while (picked.size < batch) {
      picked.add(1 + Math.floor(random() * vms));
    }

    return JSON.stringify({ params: { vmUuids: [...picked].map(vmUuid) } });
  });
}

function headersFor(session) {
  return { 'Content-Type': 'application/json', Authorization: `OAuth ${session}` };
}

const failedOf = (result) => result.non2xx + result.errors + result.timeouts;

/** Requests per second and latency percentiles of a run, from every answer's time in ms. */
function summarize(latencies, total, seconds, failed) {
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];

  return { rps: total / seconds, p50: at(0.5), p99: at(0.99), total, failed };
}

/** A fixed, evenly paced rate: latency at a moderate load. */
async function atRate(target, bodies, session, rate) {
  const run = await paced({
    port: target.port,
    path: PATH,
    headers: headersFor(session),
    bodies,
    rate,
    duration: DURATION_S,
    connections: CONNECTIONS,
  });

  return summarize(run.latencies, run.total, run.seconds, run.failed);
}

/**
 * One autocannon run. Latency percentiles are taken from each answer's own
 * time in fractional milliseconds (autocannon's histogram keeps whole ones).
 */
function load(target, bodies, session, { duration, amount, connections = CONNECTIONS }) {
  const latencies = [];
  const options = {
    url: `http://127.0.0.1:${target.port}${PATH}`,
    method: 'POST',
    headers: headersFor(session),
    connections,
    pipelining: 1,
    timeout: 20,
    requests: bodies.map((body) => ({ body })),
    ...(amount ? { amount } : { duration }),
  };

  return new Promise((resolve, reject) => {
    let guard;
    const instance = autocannon(options, (error, result) => {
      clearTimeout(guard);

      if (error) {
        reject(error);

        return;
      }

      resolve(summarize(latencies, result.requests.total, result.duration, failedOf(result)));
    });
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status === 200) {
        latencies.push(ms);
      }
    });
    guard = setTimeout(() => instance.stop(), ((duration ?? 60) + 30) * 1000);
  });
}

/** The service's own statement counter, when it serves /metrics; undefined otherwise. */
async function metricsStatements(target) {
  const answer = await get(target.port, '/metrics');
  const line = answer?.status === 200 && /^db_query_duration_seconds_count(?:\{\})? (\d+)/m;

  return line ? Number(line.exec(answer.body)?.[1] ?? NaN) : undefined;
}

/** Transactions the server has finished in one database; each lone statement is one. */
async function transactions(monitor, database) {
  const { rows } = await monitor.query(
    `SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = $1`,
    [database],
  );

  return Number(rows[0].n);
}

/**
 * Statements per capability request, counted on the server side over an exact
 * number of requests: by the service's own counter when it serves /metrics,
 * else by Postgres's count of finished transactions in the database (each lone
 * statement is one), which a busy backend reports up to 10 s late.
 */
async function countStatements(target, bodies, session, batch, monitor, database) {
  const before = await metricsStatements(target);
  const source = Number.isFinite(before) ? 'metrics' : 'xact';

  if (source === 'xact') {
    await sleep(11_000);
  }

  const xactBefore = await transactions(monitor, database);
  const run = await load(target, bodies, session, { amount: COUNTED[batch], connections: 4 });
  const after =
    source === 'metrics'
      ? await metricsStatements(target)
      : await sleep(11_000).then(() => transactions(monitor, database));
  const counted = source === 'metrics' ? after - before : after - xactBefore;

  return { perRequest: counted / run.total, source, failed: run.failed };
}

/** Both servers must give the same answer to the same body, or the comparison means nothing. */
async function assertSameAnswers(service, baseline, bodies, session) {
  for (const body of bodies) {
    const [ours, theirs] = await Promise.all(
      [service, baseline].map((target) => post(target.port, PATH, headersFor(session), body)),
    );

    if (ours.status !== 200 || !isDeepStrictEqual(JSON.parse(ours.body), JSON.parse(theirs.body))) {
      throw new Error(
        `the service and the baseline answer differently (${ours.status}: ` +
          `${ours.body.slice(0, 300)} / ${theirs.status}: ${theirs.body.slice(0, 300)})`,
      );
    }
  }
}

async function startTargets(url, logDir, label) {
  const env = { ...process.env, DATABASE_URL: url, VMCAPS_BUILD: dist };
  const service = await startServer({
    name: 'the service',
    script: path.join(dist, 'main.js'),
    nodeArgs: SERVICE_NODE_ARGS,
    env: {
      ...env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      // The benchmark measures the service's own work: one client must not be throttled.
      RATE_LIMIT_PER_SESSION: '0',
      RATE_LIMIT_PER_ADDRESS: '0',
    },
    logFile: path.join(logDir, `service-${label}.log`),
    readyPath: '/health/live',
  });
  const baseline = await startServer({
    name: 'the baseline',
    script: path.join(__dirname, 'baseline-server.js'),
    env,
    logFile: path.join(logDir, `baseline-${label}.log`),
    readyPath: '/health/live',
  });

  return { service, baseline };
}

/** One scenario: warm-ups, the statement count, then max and fixed-rate runs, alternating sides. */
async function benchScenario(scenario, index, monitor) {
  const { inventory, batch, service, baseline, bodies } = scenario;
  const label = `${int(inventory.vms)} VMs, ${batch} VM(s)/request`;
  const session = adminSessionUuid(1);
  const pair = index % 2 === 0 ? [service, baseline] : [baseline, service];
  const row = { inventory: inventory.vms, batch };

  for (const target of pair) {
    await load(target, bodies, session, { duration: WARMUP_S });
  }

  row.statements = await countStatements(
    service,
    bodies,
    session,
    batch,
    monitor,
    inventory.database,
  );

  for (const mode of ['max', 'rate']) {
    const order = mode === 'max' ? pair : [...pair].reverse();

    for (const target of order) {
      progress(`${label}, ${mode}: ${target.name}`);
      const cpuBefore = target.cpuMs();
      const result =
        mode === 'max'
          ? await load(target, bodies, session, { duration: DURATION_S })
          : await atRate(target, bodies, session, RATES[batch]);
      result.cpuPerRequest = (target.cpuMs() - cpuBefore) / result.total;
      row[`${target === service ? 'service' : 'baseline'}-${mode}`] = result;
    }
  }

  return row;
}

/**
 * Starts the service and the baseline on every inventory at once, then runs the
 * scenarios ordered by batch size, so that the two inventories of one batch size
 * are measured back to back, under the same conditions of the machine.
 */
async function benchAll(inventories, monitor, logDir, results) {
  const servers = [];

  try {
    const scenarios = [];

    for (const inventory of inventories) {
      await refreshSessions(inventory.url);
      const label = `${inventory.vms / 1000}k`;
      const { service, baseline } = await startTargets(inventory.url, logDir, label);
      servers.push(service, baseline);
      progress(`${label}: service on port ${service.port}, baseline on port ${baseline.port}`);

      for (const batch of inventory.batches) {
        const bodies = bodiesFor(inventory.vms, batch);
        await assertSameAnswers(service, baseline, bodies.slice(0, 2), adminSessionUuid(1));
        scenarios.push({ inventory, batch, service, baseline, bodies });
      }
    }

    scenarios.sort((a, b) => a.batch - b.batch || b.inventory.vms - a.inventory.vms);

    for (const [index, scenario] of scenarios.entries()) {
      results.rows.push(await benchScenario(scenario, index, monitor));
    }
  } finally {
    for (const [index, server] of servers.entries()) {
      const side = index % 2 === 0 ? 'serviceMemory' : 'baselineMemory';
      results[side] = Math.max(results[side], server.peakMemory());
    }

    // Requests cut off at the end of the last run finish before their servers stop.
    await sleep(1000);
    await Promise.all(servers.map((server) => server.stop()));
  }
}

const int = (value) => Math.round(value).toLocaleString('en-US');
const ms = (value) =>
  value === undefined ? '-' : value < 10 ? value.toFixed(2) : value.toFixed(1);
const pad = (text, width) => String(text).padStart(width);

function printTable(results, setup) {
  results.rows.sort((a, b) => b.inventory - a.inventory || a.batch - b.batch);
  const lines = [];
  const say = (line = '') => lines.push(line);
  const statementsOf = (row) => row.statements.perRequest;
  const source =
    results.rows[0]?.statements.source === 'metrics'
      ? "the service's /metrics db_query_duration_seconds_count"
      : "pg_stat_database's xact_commit + xact_rollback of the bench database";

  say(`GetVmsCapabilities benchmark: the service against a node:http + pg baseline`);
  say(
    `machine: ${os.availableParallelism()} cores (os.availableParallelism), node ${process.version}, ` +
      `${setup.postgres}`,
  );
  say(
    `service: NODE_ENV=production, LOG_LEVEL=info (one JSON line per request, to ${setup.logDir}), ` +
      `DB_POOL_SIZE=${process.env.DB_POOL_SIZE || 10}; rate limits: off ` +
      '(RATE_LIMIT_PER_SESSION=0, RATE_LIMIT_PER_ADDRESS=0)',
  );
  say(
    `baseline: node:http + pg, the session and facts statements only, same pool size, ` +
      `Node's default keep-alive as the service`,
  );
  say(
    `load: ${DURATION_S} s per run after a ${WARMUP_S} s warm-up of each side, service and ` +
      `baseline alternating; random VMs, pre-generated bodies (${BODIES[1]}/${BODIES[100]}/` +
      `${BODIES[1000]} for 1/100/1,000 VMs); "${CONNECTIONS} conns": autocannon, ${CONNECTIONS} ` +
      `keep-alive connections`,
  );
  say(
    `as fast as answered; "N req/s": evenly paced arrivals over up to ${CONNECTIONS} keep-alive ` +
      `sockets, latency from each request's due time`,
  );
  say();
  const header = [
    pad('inventory', 9),
    pad('VMs/req', 7),
    pad('load', 10),
    '|',
    pad('svc req/s', 9),
    pad('p50 ms', 7),
    pad('p99 ms', 7),
    '|',
    pad('base req/s', 10),
    pad('p50 ms', 7),
    pad('p99 ms', 7),
    '|',
    pad('req/s ratio', 11),
    pad('p99 ratio', 9),
  ].join(' ');
  say(header);
  say('-'.repeat(header.length));

  for (const row of results.rows) {
    for (const mode of ['max', 'rate']) {
      const ours = row[`service-${mode}`];
      const theirs = row[`baseline-${mode}`];
      const failed =
        ours.failed + theirs.failed > 0 ? ` (${ours.failed}/${theirs.failed} failed)` : '';
      say(
        [
          pad(int(row.inventory), 9),
          pad(int(row.batch), 7),
          pad(mode === 'max' ? `${CONNECTIONS} conns` : `${RATES[row.batch]} req/s`, 10),
          '|',
          pad(int(ours.rps), 9),
          pad(ms(ours.p50), 7),
          pad(ms(ours.p99), 7),
          '|',
          pad(int(theirs.rps), 10),
          pad(ms(theirs.p50), 7),
          pad(ms(theirs.p99), 7),
          '|',
          pad((ours.rps / theirs.rps).toFixed(2), 11),
          pad(`${(ours.p99 / theirs.p99).toFixed(2)}x`, 9),
        ].join(' ') + failed,
      );
    }
  }

  say();
  say(
    `per request, in the ${CONNECTIONS}-connection runs: CPU of each process (/proc/<pid>/stat); ` +
      `SQL statements of the service, counted`,
  );
  say(
    `server side by ${source} over ${COUNTED[1]}/${COUNTED[100]}/${COUNTED[1000]} requests of ` +
      `1/100/1,000 VMs (the baseline makes 2 by construction):`,
  );

  for (const row of results.rows) {
    say(
      `  ${pad(int(row.inventory), 7)} VMs, ${pad(int(row.batch), 5)} VM(s)/request: CPU ms ` +
        `service ${ms(row['service-max'].cpuPerRequest)}, baseline ` +
        `${ms(row['baseline-max'].cpuPerRequest)}; statements ${statementsOf(row).toFixed(2)}`,
    );
  }

  say(
    `peak resident memory (VmHWM, and VmRSS polled every 100 ms): service ` +
      `${results.serviceMemory.toFixed(0)} MB, baseline ${results.baselineMemory.toFixed(0)} MB`,
  );
  say();
  printTargets(results, say, statementsOf);
  console.log(lines.join('\n'));
}

function printTargets(results, say, statementsOf) {
  const find = (inventory, batch) =>
    results.rows.find((row) => row.inventory === inventory && row.batch === batch);
  const verdict = (holds) => (holds ? 'holds' : 'MISSED');
  const largest = Math.max(...results.rows.map((row) => row.inventory));

  say('targets:');

  for (const [batch, floor] of [
    [1, 0.6],
    [100, 0.75],
    [1000, 0.75],
  ]) {
    const row = find(largest, batch);

    if (row) {
      const ratio = row['service-max'].rps / row['baseline-max'].rps;
      say(
        `  ${batch} VM(s) throughput >= ${floor * 100}% of baseline: ` +
          `${(ratio * 100).toFixed(0)}% ${verdict(ratio >= floor)}`,
      );
    }
  }

  const p99 = results.rows.map((row) => row['service-rate'].p99 / row['baseline-rate'].p99);
  say(
    `  p99 at the fixed rates within 2x of baseline: worst ${Math.max(...p99).toFixed(2)}x ` +
      verdict(Math.max(...p99) <= 2),
  );
  const counts = results.rows.map(statementsOf);
  const constant = Math.max(...counts) - Math.min(...counts) < 0.1;
  say(
    `  statements per request <= 4 and constant from 1 to 1,000 VMs: ` +
      `${Math.min(...counts).toFixed(2)}-${Math.max(...counts).toFixed(2)} ` +
      verdict(Math.max(...counts) <= 4 && constant),
  );
  say(
    `  service RSS under load < 200 MB: ${results.serviceMemory.toFixed(0)} MB ` +
      verdict(results.serviceMemory < 200),
  );

  for (const batch of [1, 100]) {
    const big = find(100_000, batch)?.['service-rate'];
    const small = find(1_000, batch)?.['service-rate'];

    if (big && small) {
      // Within 20% or half a millisecond: the spread between two runs of one setup.
      const noWorse = (a, b) => a <= b * 1.2 || a - b <= 0.5;
      say(
        `  ${batch} VM(s) latency at 100,000 VMs vs 1,000: p50 ${ms(big.p50)} vs ${ms(small.p50)} ms, ` +
          `p99 ${ms(big.p99)} vs ${ms(small.p99)} ms ` +
          verdict(noWorse(big.p50, small.p50) && noWorse(big.p99, small.p99)),
      );
    }
  }
}

async function main() {
  copyBuild('vmcaps-bench', 'bench');
  const logDir = path.join(os.tmpdir(), 'vmcaps-bench');
  mkdirSync(logDir, { recursive: true });
  const cleanups = cleanupSteps(progress, BOUND_MS);

  try {
    const server = await postgresServer(dist, cleanups, progress);
    const serverUrl = server.url;
    const postgres = server.description;

    // On the `postgres` database, so that watching adds nothing to the bench databases' counts.
    const monitor = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
    await monitor.connect();
    cleanups.add(() => monitor.end());

    const inventories = [];

    for (const inventory of INVENTORIES) {
      const { url } = await prepareInventory(
        dist,
        serverUrl,
        inventory.database,
        inventory.vms,
        progress,
      );
      inventories.push({ ...inventory, url });
    }

    const results = { rows: [], serviceMemory: 0, baselineMemory: 0 };

    try {
      await benchAll(inventories, monitor, logDir, results);
    } finally {
      // What was measured before a failure is still worth reading.
      if (results.rows.length > 0) {
        printTable(results, { postgres, logDir });
      }
    }
  } finally {
    await cleanups.run();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
