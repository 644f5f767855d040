'use strict';
// The floor the service is measured against: node:http and pg answering
// POST /zstack/v1/vm-instances/capabilities with the fewest statements that hold
// the same facts (the session, then the batch's facts), and the four rules of
// src/vm/capability-rules.ts applied to the rows. No framework, no validation,
// no logging, no session renewal. It runs the service's own two statements,
// taken from the build, so that the comparison measures everything but the SQL.
const http = require('node:http');
const path = require('node:path');
const { Pool } = require('pg');

// The benchmark passes the build it snapshotted; run alone, the project's build.
const dist = process.env.VMCAPS_BUILD || path.join(__dirname, '..', 'dist', 'src');
const { vmFactsQuery } = require(path.join(dist, 'vm', 'vm-facts.repository.js'));
const { ADMIN_ACCOUNT_UUID, sessionQuery } = require(path.join(dist, 'auth', 'session.service.js'));

const PATH = '/zstack/v1/vm-instances/capabilities';
const SCHEME = 'OAuth ';

const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DB_POOL_SIZE || 10),
  application_name: 'vmcaps-baseline',
});
pool.on('error', () => undefined);

class ApiError extends Error {
  constructor(code, details) {
    super(details);
    this.code = code;
  }
}

function send(response, status, body) {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}

function readBody(request) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** The same four rules as src/vm/capability-rules.ts, on a row of the facts statement. */
function decide(row) {
  const hasRoot = row.has_root_volume;

  if (hasRoot && row.live_migration === null) {
    throw new ApiError('SYS.1000', `unregistered storage type ${row.root_storage_type}`);
  }

  const withStorage =
    row.live_migration_with_storage_allowed &&
    row.disk_volume_count === 1 &&
    row.platform === 'Linux' &&
    !row.has_iso_attached;
  const running = row.state === 'Running';
  const stopped = row.state === 'Stopped';

  return {
    supportLiveMigration:
      hasRoot &&
      running &&
      (row.live_migration === 'supported' || (row.live_migration === 'withStorage' && withStorage)),
    supportVolumeMigration:
      hasRoot &&
      ((stopped && row.volume_migration_stopped === true) ||
        (running && row.volume_migration_running === true)),
    supportReimage: row.image_exists && row.image_media_type !== 'ISO',
    supportMemorySnapshot: hasRoot && row.memory_snapshot === true,
  };
}

async function capabilities(request) {
  const text = await readBody(request);
  const header = request.headers.authorization ?? '';
  const session = sessionQuery(header.slice(SCHEME.length).trim().toLowerCase());
  const {
    rows: [found],
  } = await pool.query(session.text, session.values);

  if (!found || found.expired_date.getTime() <= Date.now()) {
    throw new ApiError('ID.1001', 'Session expired');
  }

  const viewer = {
    accountUuid: found.account_uuid,
    isAdmin: found.account_uuid === ADMIN_ACCOUNT_UUID || found.account_type === 'SystemAdmin',
  };
  const asked = [JSON.parse(text).params.vmUuids].flat();
  const facts = vmFactsQuery(asked, viewer);
  const { rows } = await pool.query(facts.text, facts.values);
  const byUuid = new Map(rows.map((row) => [row.uuid, row]));
  const vmsCaps = {};

  for (const uuid of asked) {
    const row = byUuid.get(uuid);

    if (!row) {
      throw new ApiError('SYS.1003', `cannot find the VM instance(s): ${uuid}`);
    }

    vmsCaps[uuid] = decide(row);
  }

  return { vmsCaps };
}

const server = http.createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/health/live') {
    send(response, 200, { status: 'ok' });

    return;
  }

  if (request.method !== 'POST' || request.url !== PATH) {
    request.resume();
    send(response, 404, { error: { code: 'SYS.1003', details: 'no such API' } });

    return;
  }

  capabilities(request).then(
    (body) => send(response, 200, body),
    (error) =>
      send(response, 503, {
        error: { code: error.code ?? 'SYS.1000', details: String(error.message) },
      }),
  );
});

server.listen(Number(process.env.PORT), '127.0.0.1', () => {
  console.log(`baseline listening on ${process.env.PORT}`);
});

const stop = () => server.close(() => pool.end().then(() => process.exit(0)));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
