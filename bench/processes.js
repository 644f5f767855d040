'use strict';
// Child processes of the benchmark: started on free ports, watched for memory,
// and always stopped, whether the benchmark ends, fails or is interrupted.
const { spawn } = require('node:child_process');
const { openSync, readFileSync } = require('node:fs');
const http = require('node:http');
const { createServer } = require('node:net');

const children = new Set();

process.on('exit', () => {
  for (const child of children) {
    child.kill('SIGKILL');
  }
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** User and system CPU a process has used, in ms (/proc counts in ticks of 1/100 s on Linux). */
function cpuMsOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');

    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/** Resident and peak resident memory of a process, in MiB, from /proc. */
function memoryOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);

    return { rss: kib('VmRSS') / 1024, hwm: kib('VmHWM') / 1024 };
  } catch {
    return { rss: 0, hwm: 0 };
  }
}

function get(port, path) {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path, timeout: 2000 }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(undefined));
  });
}

function post(port, path, headers, body) {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port, path, method: 'POST', headers, timeout: 10_000 },
      (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer from port ${port}`)));
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * Starts a Node server with its output in logFile, and waits until readyPath
 * answers on its port. Its peak memory is followed from then on.
 */
async function startServer({
  name,
  script,
  env,
  logFile,
  readyPath,
  nodeArgs = [],
  timeoutMs = 90_000,
}) {
  const port = await freePort();
  const log = openSync(logFile, 'w');
  const child = spawn(process.execPath, [...nodeArgs, script], {
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', log, log],
  });
  children.add(child);
  let exited = false;
  child.once('exit', () => {
    exited = true;
    children.delete(child);
  });

  const deadline = Date.now() + timeoutMs;

  while ((await get(port, readyPath))?.status !== 200) {
    if (exited || Date.now() > deadline) {
      child.kill('SIGKILL');

      throw new Error(`${name} did not start; see ${logFile}`);
    }

    await sleep(200);
  }

  let peakRss = 0;
  const poll = setInterval(() => {
    peakRss = Math.max(peakRss, memoryOf(child.pid).rss);
  }, 100);

  return {
    name,
    port,
    pid: child.pid,
    /** The highest of the polled resident size and the kernel's own high-water mark. */
    peakMemory: () => Math.max(peakRss, memoryOf(child.pid).hwm),
    cpuMs: () => cpuMsOf(child.pid),
    async stop() {
      clearInterval(poll);

      if (exited) {
        return;
      }

      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([gone, sleep(10_000)]);

      if (!exited) {
        child.kill('SIGKILL');
        await gone;
      }
    },
  };
}

/**
 * Node's options for the service, as `npm start` and the container's entrypoint
 * run it: a bounded old generation, so that V8 collects before the resident set
 * grows past what the service needs (its live heap is about 30 MB).
 */
const SERVICE_NODE_ARGS = ['--max-old-space-size=160'];

module.exports = { SERVICE_NODE_ARGS, get, memoryOf, post, sleep, startServer };
