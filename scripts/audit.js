#!/usr/bin/env node
/*
 * The dependency audit CI runs: audit-ci (with audit-ci.jsonc: high and critical
 * advisories in production dependencies fail, unless the allowlist names them with
 * a reason). Both ask the npm registry's advisory service. Where that service
 * cannot be reached (an offline mirror answers 405), there is nothing to check
 * against: this says so in one line and passes, unless AUDIT_REQUIRED=true, in
 * which case an unreachable service fails too.
 */
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const required = process.env.AUDIT_REQUIRED === 'true';

function advisoryServiceProblem() {
  const probe = spawnSync(npm, ['audit', '--omit=dev', '--json'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  let report;

  try {
    report = JSON.parse(probe.stdout);
  } catch {
    return `npm audit printed no report (exit ${probe.status})`;
  }

  // A report has a metadata section; a failed request to the service has a status code.
  if (report.metadata) {
    return undefined;
  }

  return report.statusCode
    ? `the registry's advisory service answered ${report.statusCode}`
    : (report.message ?? report.error?.summary ?? 'the advisory service gave no report');
}

const problem = advisoryServiceProblem();

if (problem) {
  console.log(`dependency audit: not checked, ${problem}`);
  process.exit(required ? 1 : 0);
}

const auditCi = path.join(root, 'node_modules', '.bin', 'audit-ci');
const audit = spawnSync(auditCi, ['--config', process.env.AUDIT_CI_CONFIG ?? 'audit-ci.jsonc'], {
  cwd: root,
  stdio: 'inherit',
});

process.exit(audit.status ?? 1);
