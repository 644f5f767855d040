import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '..');

// Each run asks the stand-in registry about every production dependency: seconds, not milliseconds.
jest.setTimeout(90_000);

interface Advisory {
  id: number;
  url: string;
  title: string;
  severity: 'low' | 'moderate' | 'high' | 'critical';
  vulnerable_versions: string;
  cwe: string[];
  cvss: { score: number; vectorString: null };
}

const advisory = (ghsa: string, severity: Advisory['severity']): Advisory => ({
  id: 1_000_000 + Number.parseInt(ghsa.slice(5, 9), 36),
  url: `https://github.com/advisories/${ghsa}`,
  title: 'a flaw made up for this test',
  severity,
  vulnerable_versions: '<999.0.0',
  cwe: [],
  cvss: { score: 8, vectorString: null },
});

/**
 * A stand-in for the npm registry's advisory service, answering with the given
 * advisories, and with the installed version of any package npm asks about.
 */
function fakeRegistry(advisories: Record<string, Advisory[]> | 'refused'): Promise<Server> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.setHeader('Content-Type', 'application/json');

      if (request.method === 'POST') {
        // A registry mirror without the advisory service answers 405.
        response.statusCode = advisories === 'refused' ? 405 : 200;
        response.end(advisories === 'refused' ? '' : JSON.stringify(advisories));

        return;
      }

      const name = decodeURIComponent((request.url ?? '/').slice(1));

      try {
        const { version } = JSON.parse(
          readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8'),
        ) as { version: string };
        response.end(
          JSON.stringify({
            name,
            'dist-tags': { latest: version },
            versions: { [version]: { name, version } },
          }),
        );
      } catch {
        response.statusCode = 404;
        response.end('{}');
      }
    });
  });

  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

interface AuditRun {
  code: number;
  output: string;
}

function runAudit(registry: Server, env: Record<string, string> = {}): Promise<AuditRun> {
  const { port } = registry.address() as AddressInfo;

  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(ROOT, 'scripts', 'audit.js')],
      {
        cwd: ROOT,
        env: { ...process.env, npm_config_registry: `http://127.0.0.1:${port}/`, ...env },
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
    );
  });
}

describe('the dependency audit CI runs (scripts/audit.js)', () => {
  const servers: Server[] = [];
  const registry = async (advisories: Record<string, Advisory[]> | 'refused'): Promise<Server> => {
    const server = await fakeRegistry(advisories);
    servers.push(server);

    return server;
  };

  afterAll(async () => {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  });

  it('fails on a high advisory in a production dependency, naming it', async () => {
    const run = await runAudit(await registry({ pg: [advisory('GHSA-high-prod-test', 'high')] }));

    expect(run.code).not.toBe(0);
    expect(run.output).toContain('GHSA-high-prod-test');
  });

  it('fails on a critical one too', async () => {
    const run = await runAudit(
      await registry({ luxon: [advisory('GHSA-crit-prod-test', 'critical')] }),
    );

    expect(run.code).not.toBe(0);
  });

  it('passes a high advisory that the allowlist names', async () => {
    const config = path.join(tmpdir(), `audit-ci-${process.pid}.json`);
    writeFileSync(
      config,
      JSON.stringify({ high: true, 'skip-dev': true, allowlist: ['GHSA-high-prod-test'] }),
    );

    const run = await runAudit(await registry({ pg: [advisory('GHSA-high-prod-test', 'high')] }), {
      AUDIT_CI_CONFIG: config,
    });

    expect(run.code).toBe(0);
  });

  it('passes a moderate advisory, and a high one in a development-only package', async () => {
    const run = await runAudit(
      await registry({
        pg: [advisory('GHSA-mode-prod-test', 'moderate')],
        prettier: [advisory('GHSA-high-devs-test', 'high')],
      }),
    );

    expect(run.code).toBe(0);
  });

  it('says so in one line when the advisory service cannot be reached, and fails then only when required', async () => {
    const refused = await registry('refused');

    const lenient = await runAudit(refused);
    const required = await runAudit(refused, { AUDIT_REQUIRED: 'true' });

    expect(lenient.code).toBe(0);
    expect(lenient.output).toMatch(/^dependency audit: not checked, /);
    expect(required.code).not.toBe(0);
  });
});
