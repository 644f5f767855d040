'use strict';
// `npm run soak`: the service in production mode under a steady mix of
// GetVmsCapabilities requests over many keep-alive connections, watching for
// errors and for resident memory that keeps growing once warmed up. Postgres
// is DATABASE_URL's server, or else the benchmark's embedded one; either way
// the benchmark's 1,000-VM inventory database is reused (loaded on first use).
// SOAK_CONNECTIONS, SOAK_DURATION_SECONDS and SOAK_WARMUP_SECONDS change the
// defaults of 64 connections, 60 s and a 10 s warm-up. The load is autocannon's.
const autocannon = require('autocannon');
const { mkdirSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { adminSessionUuid, prepareInventory, refreshSessions, vmUuid } = require('./inventories');
const { buildCopyOf, cleanupSteps, copyBuild, postgresServer } = require('./harness');
const { SERVICE_NODE_ARGS, memoryOf, post, sleep, startServer } = require('./processes');

const dist = path.join(buildCopyOf('vmcaps-soak'), 'src');
const BASE = '/zstack/v1/vm-instances';
const INVENTORY = { database: 'vmcaps_bench_1k', vms: 1_000 };
const SLICE_S = 10;
const SAMPLE_S = 2;
/** RSS growth past the warm-up, in percent, from which the soak fails. */
const GROWTH_LIMIT = 10;
/** Starting Postgres, loading the inventory and starting the service, at most. */
const SETUP_BOUND_MS = 10 * 60_000;
const SESSIONS = 4;
const GET_FORM_VMS = 10;
/**
 * One cycle of the mix, which every connection walks through in turn: 7 POST
 * with 1 VM, 2 POST with 100, 4 GET ?vmUuids= with 10, 6 one-VM GETs and one
 * request naming an unknown VM, which must answer 503 SYS.1003.
 */
const CYCLE = [
  'post1',
  'getOne',
  'getForm',
  'post1',
  'getOne',
  'post100',
  'post1',
  'getForm',
  'getOne',
  'post1',
  'unknown',
  'getOne',
  'post1',
  'getForm',
  'post100',
  'getOne',
  'post1',
  'getForm',
  'getOne',
  'post1',
];

const progress = (line) => console.error(`[soak] ${line}`);

/** A whole number from the environment, or the default; anything else stops the soak. */
function setting(name, fallback, min) {
  const raw = process.env[name];

  if (raw === undefined || raw === '') {
    return fallback;
  }

  const value = Number(raw);

  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${name} must be a whole number of at least ${min}, not "${raw}"`);
  }

  return value;
}

function settings() {
  const connections = setting('SOAK_CONNECTIONS', 64, 1);
  const duration = setting('SOAK_DURATION_SECONDS', 60, 2);
  const warmup = setting('SOAK_WARMUP_SECONDS', Math.min(SLICE_S, duration - 1), 1);

  if (warmup >= duration) {
    throw new Error(
      `SOAK_WARMUP_SECONDS (${warmup}) must be shorter than SOAK_DURATION_SECONDS (${duration})`,
    );
  }

  return { connections, duration, warmup };
}

const uuids = Array.from({ length: INVENTORY.vms }, (_, index) => vmUuid(index + 1));

/** `count` distinct VMs of the inventory, at random. */
function someVms(count) {
  const picked = new Set();

  while (picked.size < count) {
    picked.add(uuids[Math.floor(Math.random() * uuids.length)]);
  }

  return [...picked];
}

/** A uuid the inventory does not hold: the inventory's VMs are numbered from 1 to its size. */
const unknownVm = () => vmUuid(INVENTORY.vms + 1 + Math.floor(Math.random() * 1_000_000));

function postOf(request, vms) {
  request.method = 'POST';
  request.path = `${BASE}/capabilities`;
  request.headers = { ...request.headers, 'Content-Type': 'application/json' };
  request.body = JSON.stringify({ params: { vmUuids: vms } });

  return request;
}

function getFormOf(request, vms) {
  request.method = 'GET';
  request.path = `${BASE}/capabilities?${vms.map((uuid) => `vmUuids=${uuid}`).join('&')}`;

  return request;
}

function getOneOf(request, uuid) {
  request.method = 'GET';
  request.path = `${BASE}/${uuid}/capabilities`;

  return request;
}

let sent = 0;

/**
 * Fills in one request of the given kind, with fresh VMs and one of the sessions.
 * The headers are a new object each time: autocannon keeps the object it is
 * given between builds and writes Content-Length into it, which a GET built
 * after a POST from the same entry would otherwise send without a body.
 */
function setUp(kind, request) {
  sent += 1;
  request.headers = { Authorization: `OAuth ${adminSessionUuid(1 + (sent % SESSIONS))}` };

  switch (kind) {
    case 'post1':
      return postOf(request, someVms(1));
    case 'post100':
      return postOf(request, someVms(100));
    case 'getForm':
      return getFormOf(request, someVms(GET_FORM_VMS));
    case 'getOne':
      return getOneOf(request, someVms(1)[0]);
    default: {
      // The unknown VM is asked in each of the three forms in turn, beside known ones.
      const form = Math.floor(sent / CYCLE.length) % 3;

      if (form === 0) {
        return postOf(request, [...someVms(2), unknownVm()]);
      }

      return form === 1
        ? getFormOf(request, [unknownVm(), ...someVms(2)])
        : getOneOf(request, unknownVm());
    }
  }
}

const errorCodeOf = (body) => {
  try {
    return JSON.parse(body)?.error?.code;
  } catch {
    return undefined;
  }
};

/**
 * What the soak records: per slice of SLICE_S seconds the answers, the errors
 * and every answer's latency (ms, as autocannon times it); the RSS samples; and
 * each kind of error, counted.
 */
function newRecorder(duration) {
  const count = Math.ceil(duration / SLICE_S);
  const slices = Array.from({ length: count }, (_, index) => ({
    from: index * SLICE_S,
    to: Math.min(duration, (index + 1) * SLICE_S),
    requests: 0,
    errors: 0,
    latencies: [],
  }));
  const errorKinds = new Map();
  let started = 0;
  let expected = 0;

  const current = () =>
    slices[Math.min(count - 1, Math.floor((performance.now() - started) / 1000 / SLICE_S))];
  const countError = (what) => {
    current().errors += 1;
    errorKinds.set(what, (errorKinds.get(what) ?? 0) + 1);
  };

  return {
    slices,
    errorKinds,
    samples: [],
    expected: () => expected,
    start: () => {
      started = performance.now();
    },
    answer(kind, status, body) {
      current().requests += 1;

      if (kind !== 'unknown') {
        if (status < 200 || status > 299) {
          countError(`${status} ${errorCodeOf(body) ?? 'without an error code'}`);
        }

        return;
      }

      const code = errorCodeOf(body);

      if (status === 503 && code === 'SYS.1003') {
        expected += 1;
      } else {
        countError(`${status} ${code ?? ''} to an unknown VM (503 SYS.1003 expected)`.trim());
      }
    },
    latency(ms) {
      current().latencies.push(ms);
    },
    failure(error) {
      // autocannon counts a timed-out request as an error too.
      countError(
        error.message === 'request timed out' ? 'timeout' : `connection: ${error.message}`,
      );
    },
  };
}

/**
 * Runs autocannon for the whole duration, sampling the service's RSS every
 * SAMPLE_S seconds. `onStop` receives a function that ends the load early.
 */
function soak(service, options, recorder, onStop) {
  const requests = CYCLE.map((kind) => ({
    setupRequest: (request) => setUp(kind, request),
    onResponse: (status, body) => recorder.answer(kind, status, body),
  }));
  const sample = (at) => recorder.samples.push({ at, rss: memoryOf(service.pid).rss });

  return new Promise((resolve, reject) => {
    let taken = 0;
    recorder.start();
    sample(0);
    const sampler = setInterval(() => {
      taken += 1;
      sample(taken * SAMPLE_S);
    }, SAMPLE_S * 1000);
    let guard;
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${service.port}${BASE}/capabilities`,
        connections: options.connections,
        duration: options.duration,
        pipelining: 1,
        timeout: 10,
        requests,
      },
      (error, result) => {
        clearTimeout(guard);
        clearInterval(sampler);

        if (error) {
          reject(error);

          return;
        }

        sample(options.duration);
        resolve(result);
      },
    );
    instance.on('response', (_client, _status, _bytes, ms) => recorder.latency(ms));
    instance.on('reqError', (error) => recorder.failure(error));
    // autocannon ends by itself at the duration; this only bounds a run that would not.
    guard = setTimeout(() => instance.stop(), (options.duration + 30) * 1000);
    onStop(() => instance.stop());
  });
}

/** The latency at quantile q of an ascending array. */
const quantile = (sorted, q) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/** The last RSS sample taken at or before a time. */
const rssAt = (samples, at) => samples.filter((entry) => entry.at <= at + 0.001).at(-1)?.rss ?? NaN;

const int = (value) => Math.round(value).toLocaleString('en-US');
const ms = (value) =>
  Number.isNaN(value) ? '-' : value < 10 ? value.toFixed(2) : value.toFixed(1);
const mb = (value) => (Number.isNaN(value) ? '-' : value.toFixed(1));
const pad = (text, width) => String(text).padStart(width);

/** The verdict and its table. */
function report(recorder, result, options, setup) {
  const { slices, samples, errorKinds } = recorder;
  const lines = [];
  const say = (line = '') => lines.push(line);
  const all = [];
  let requests = 0;
  let errors = 0;

  say(
    `GetVmsCapabilities soak: ${options.connections} keep-alive connections for ` +
      `${options.duration} s on the ${int(INVENTORY.vms)}-VM inventory (${INVENTORY.database})`,
  );
  say(
    `machine: ${os.availableParallelism()} cores, node ${process.version}, ${setup.postgres}; ` +
      `load and service on the same machine`,
  );
  say(
    `service: NODE_ENV=production, LOG_LEVEL=info (to ${setup.logFile}), ` +
      `RATE_LIMIT_PER_SESSION=0, RATE_LIMIT_PER_ADDRESS=0, ${SESSIONS} admin sessions`,
  );
  say(
    `mix per ${CYCLE.length} requests: 7 POST with 1 VM, 2 POST with 100, 4 GET ?vmUuids= with ` +
      `${GET_FORM_VMS}, 6 GET /{uuid}/capabilities, 1 with an unknown VM (503 SYS.1003 expected)`,
  );
  say(
    `latency: every answer, from autocannon; RSS: VmRSS of /proc/<pid>/status, sampled every ` +
      `${SAMPLE_S} s, at the end of each slice`,
  );
  say();
  const header = [
    pad('slice s', 9),
    pad('requests', 9),
    pad('req/s', 7),
    pad('errors', 6),
    pad('p50 ms', 7),
    pad('p99 ms', 7),
    pad('RSS MB', 7),
  ].join(' | ');
  say(header);
  say('-'.repeat(header.length));

  for (const slice of slices) {
    const sorted = Float64Array.from(slice.latencies).sort();
    all.push(sorted);
    requests += slice.requests;
    errors += slice.errors;
    say(
      [
        pad(`${slice.from}-${slice.to}`, 9),
        pad(int(slice.requests), 9),
        pad(int(slice.requests / (slice.to - slice.from)), 7),
        pad(int(slice.errors), 6),
        pad(ms(quantile(sorted, 0.5)), 7),
        pad(ms(quantile(sorted, 0.99)), 7),
        pad(mb(rssAt(samples, slice.to)), 7),
      ].join(' | '),
    );
  }

  const merged = new Float64Array(all.reduce((sum, part) => sum + part.length, 0));
  all.reduce((offset, part) => {
    merged.set(part, offset);

    return offset + part.length;
  }, 0);
  merged.sort();
  say('-'.repeat(header.length));
  say(
    [
      pad('total', 9),
      pad(int(requests), 9),
      pad(int(requests / options.duration), 7),
      pad(int(errors), 6),
      pad(ms(quantile(merged, 0.5)), 7),
      pad(ms(quantile(merged, 0.99)), 7),
      pad(mb(samples.at(-1)?.rss ?? NaN), 7),
    ].join(' | '),
  );
  say();

  // Garbage collection makes RSS a sawtooth: the highest sample of the last slice
  // of the warm-up is compared with the highest of the last slice of the run.
  const peakWithin = (from, to) =>
    Math.max(
      ...samples
        .filter((entry) => entry.at > from && entry.at <= to + 0.001)
        .map((entry) => entry.rss),
    );
  const warm = peakWithin(options.warmup - SLICE_S, options.warmup);
  const end = peakWithin(options.duration - SLICE_S, options.duration);
  const growth = ((end - warm) / warm) * 100;
  const grew = !(growth < GROWTH_LIMIT);
  say(
    `RSS: ${mb(samples[0]?.rss ?? NaN)} MB at the start of the load, highest ${mb(warm)} MB in ` +
      `the last ${SLICE_S} s of the ${options.warmup} s warm-up and ${mb(end)} MB in the last ${SLICE_S} s: ` +
      `${growth >= 0 ? '+' : ''}${growth.toFixed(1)}% (fails from +${GROWTH_LIMIT}%); ` +
      `peak ${mb(setup.peakMemory)} MB`,
  );
  // Garbage collection makes RSS a sawtooth: its range past the warm-up tells growth from noise.
  const after = samples.filter((entry) => entry.at > options.warmup).map((entry) => entry.rss);
  say(
    `RSS samples past the warm-up: ${mb(Math.min(...after))}-${mb(Math.max(...after))} MB ` +
      `(${after.length} samples)`,
  );
  say(
    `answers: ${int(recorder.expected())} expected 503 SYS.1003; autocannon counted ` +
      `${int(result.requests.total)} answers, ${int(result.non2xx)} non-2xx, ` +
      `${int(result.errors)} errors, ${int(result.timeouts)} timeouts`,
  );
  say(
    errorKinds.size === 0
      ? 'errors: none'
      : `errors: ${[...errorKinds].map(([what, n]) => `${int(n)} ${what}`).join('; ')}`,
  );
  const failures = [
    ...(errors > 0 ? [`${int(errors)} errors`] : []),
    ...(grew ? [`RSS grew ${growth.toFixed(1)}% past the warm-up`] : []),
    ...(requests === 0 ? ['no answer at all'] : []),
  ];
  say(failures.length === 0 ? 'result: PASS' : `result: FAIL (${failures.join(', ')})`);
  console.log(lines.join('\n'));

  return failures.length === 0;
}

/** One request of each kind before the load, so that a service answering wrongly stops the soak. */
async function checkAnswers(service) {
  const headers = {
    'Content-Type': 'application/json',
    Authorization: `OAuth ${adminSessionUuid(1)}`,
  };
  const known = await post(
    service.port,
    `${BASE}/capabilities`,
    headers,
    JSON.stringify({ params: { vmUuids: someVms(100) } }),
  );
  const unknown = await post(
    service.port,
    `${BASE}/capabilities`,
    headers,
    JSON.stringify({ params: { vmUuids: [unknownVm()] } }),
  );

  if (known.status !== 200 || errorCodeOf(unknown.body) !== 'SYS.1003') {
    throw new Error(
      `the service does not answer as expected: ${known.status} ${known.body.slice(0, 200)} / ` +
        `${unknown.status} ${unknown.body.slice(0, 200)}`,
    );
  }
}

async function main() {
  const options = settings();
  copyBuild('vmcaps-soak', 'soak');
  const logDir = path.join(os.tmpdir(), 'vmcaps-soak');
  mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, 'service.log');
  let stopLoad = () => undefined;
  const cleanups = cleanupSteps(progress, SETUP_BOUND_MS + (options.duration + 60) * 1000, () =>
    stopLoad(),
  );

  try {
    const { url: serverUrl, description: postgres } = await postgresServer(
      dist,
      cleanups,
      progress,
    );
    const { url } = await prepareInventory(
      dist,
      serverUrl,
      INVENTORY.database,
      INVENTORY.vms,
      progress,
    );
    await refreshSessions(url);
    const service = await startServer({
      name: 'the service',
      script: path.join(dist, 'main.js'),
      nodeArgs: SERVICE_NODE_ARGS,
      env: {
        ...process.env,
        DATABASE_URL: url,
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        HOST: '127.0.0.1',
        RATE_LIMIT_PER_SESSION: '0',
        RATE_LIMIT_PER_ADDRESS: '0',
      },
      logFile,
      readyPath: '/health/live',
    });
    cleanups.add(() => service.stop());
    await checkAnswers(service);
    progress(
      `service on port ${service.port} (pid ${service.pid}): ${options.connections} ` +
        `connections for ${options.duration} s`,
    );

    const recorder = newRecorder(options.duration);
    const result = await soak(service, options, recorder, (stop) => {
      stopLoad = stop;
    });
    stopLoad = () => undefined;
    // Requests cut off at the end of the load finish before the service stops.
    await sleep(500);

    return report(recorder, result, options, {
      postgres,
      logFile,
      peakMemory: service.peakMemory(),
    });
  } finally {
    await cleanups.run();
  }
}

main().then(
  (passed) => process.exit(passed ? 0 : 1),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
