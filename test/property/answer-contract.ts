import { DESCRIPTIONS } from '../support/zstack-error';

import { AuthKind, Fixtures, GeneratedRequest, cut } from './arbitraries';
import { HttpAnswer } from './raw-http';

/** The codes each status may carry. */
const CODES_BY_STATUS: Readonly<Record<number, readonly string[]>> = {
  503: Object.keys(DESCRIPTIONS),
  400: ['ID.1001', 'SYS.1007'],
  413: ['SYS.1007'],
  431: ['SYS.1007'],
  404: ['SYS.1003'],
  429: ['SYS.1006'],
};

/** What the session guard must answer, before anything else, for a session it refuses. */
const REFUSALS: Partial<Record<AuthKind, { status: number; code: string }>> = {
  missing: { status: 400, code: 'ID.1001' },
  wrongScheme: { status: 400, code: 'ID.1001' },
  duplicate: { status: 400, code: 'ID.1001' },
  malformed: { status: 503, code: 'ID.1001' },
  unknown: { status: 503, code: 'ID.1001' },
  expired: { status: 503, code: 'ID.1001' },
  disabled: { status: 503, code: 'SYS.1006' },
};

/** Traces of internals an answer must never show: stack frames, source paths, database errors. */
const LEAKS: readonly [string, RegExp][] = [
  ['a stack frame', /\bat \S+ \(|\n\s+at /u],
  ['a source path', /\/src\/|\.ts:|node_modules/u],
  ['HTML', /<(!doctype|html|body|pre|head)\b/iu],
  [
    'a database message',
    /relation|syntax error|violates|prisma|SQLSTATE|\bpg\b|postgres|invalid byte sequence|\bcolumn\b/iu,
  ],
];

const VMS_ROUTE = /^\/zstack\/v1\/vm-instances\/capabilities\/?$/iu;
const VM_ROUTE = /^\/zstack\/v1\/vm-instances\/[^/]+\/capabilities\/?$/iu;
const UUID = /^(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/iu;
const VMS_FLAGS = [
  'supportLiveMigration',
  'supportVolumeMigration',
  'supportReimage',
  'supportMemorySnapshot',
];
const VM_FLAGS = ['LiveMigration', 'VolumeMigration', 'Reimage', 'MemorySnapshot'];

export function describeAnswer(answer: HttpAnswer): string {
  const type = answer.headers['content-type'] ?? '(no Content-Type)';

  return `${answer.status} ${type} ${cut(answer.body, 800)}`;
}

/** Every way the answer breaks the contract; empty when it keeps it. */
export function contractViolations(
  sent: GeneratedRequest,
  answer: HttpAnswer,
  fx: Fixtures,
): string[] {
  const problems = LEAKS.filter(([, pattern]) => pattern.test(answer.body)).map(
    ([what]) => `the answer shows ${what}`,
  );

  // Node refuses a head over its limit before the service sees it: 431, bare or with the envelope.
  if (answer.status === 431) {
    const head = sent.raw
      ? sent.raw.length
      : sent.path.length + sent.headers.reduce((sum, [n, v]) => sum + n.length + v.length + 4, 0);

    if (head < fx.headerLimit - 1024) {
      problems.push(`431 for a head of ${head} bytes, under the limit of ${fx.headerLimit}`);
    }

    return answer.body === '' ? problems : [...problems, ...envelopeViolations(answer, fx)];
  }

  problems.push(...authFirstViolations(sent, answer));

  if (answer.status === 200) {
    return [...problems, ...successViolations(sent, answer, fx)];
  }

  return [...problems, ...envelopeViolations(answer, fx)];
}

/** A caller without a valid session learns nothing about its request. */
function authFirstViolations(sent: GeneratedRequest, answer: HttpAnswer): string[] {
  const refusal = REFUSALS[sent.auth];
  const pathname = sent.path.split(/[?#]/u)[0];

  if (sent.raw || sent.endpoint === 'login' || !refusal) {
    return [];
  }

  if (!VMS_ROUTE.test(pathname) && !VM_ROUTE.test(pathname)) {
    return [];
  }

  const code = errorCodeOf(answer);

  return answer.status === refusal.status && code === refusal.code
    ? []
    : [
        `a ${sent.auth} session must be answered ${refusal.status} ${refusal.code} before anything else`,
      ];
}

function errorCodeOf(answer: HttpAnswer): unknown {
  try {
    return (JSON.parse(answer.body) as { error?: { code?: unknown } }).error?.code;
  } catch {
    return undefined;
  }
}

function parsedJson(answer: HttpAnswer): { value?: unknown; problems: string[] } {
  const problems = /^application\/json\b/iu.test(answer.headers['content-type'] ?? '')
    ? []
    : ['the Content-Type is not JSON'];

  try {
    return { value: JSON.parse(answer.body) as unknown, problems };
  } catch {
    return { problems: [...problems, 'the body is not JSON'] };
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const hasExactly = (value: unknown, keys: readonly string[]): value is Record<string, unknown> =>
  isObject(value) &&
  Object.keys(value).length === keys.length &&
  keys.every((key) => Object.hasOwn(value, key));

const flagsOk = (value: unknown, keys: readonly string[]): boolean =>
  hasExactly(value, keys) && keys.every((key) => typeof value[key] === 'boolean');

function successViolations(sent: GeneratedRequest, answer: HttpAnswer, fx: Fixtures): string[] {
  const { value, problems } = parsedJson(answer);

  if (problems.length > 0) {
    return problems;
  }

  if (sent.endpoint === 'login') {
    const keys = ['uuid', 'accountUuid', 'userUuid', 'expiredDate', 'createDate'];
    const inventory = isObject(value) ? value.inventory : undefined;

    return hasExactly(value, ['inventory']) &&
      hasExactly(inventory, keys) &&
      keys.every((key) => typeof inventory[key] === 'string')
      ? []
      : ['a login success is not {"inventory":{uuid,accountUuid,userUuid,expiredDate,createDate}}'];
  }

  if (sent.endpoint === 'vm') {
    return hasExactly(value, ['capabilities']) && flagsOk(value.capabilities, VM_FLAGS)
      ? []
      : [
          'a success is not {"capabilities":{LiveMigration,VolumeMigration,Reimage,MemorySnapshot}}',
        ];
  }

  if (!hasExactly(value, ['vmsCaps']) || !isObject(value.vmsCaps)) {
    return ['a success is not {"vmsCaps":{...}}'];
  }

  const entries = Object.entries(value.vmsCaps);
  const found: string[] = [];

  if (!entries.every(([key, flags]) => UUID.test(key) && flagsOk(flags, VMS_FLAGS))) {
    found.push('a vmsCaps entry is not a uuid holding the four support flags');
  }

  const canonical = entries.map(([key]) => key.replaceAll('-', '').toLowerCase());

  if (sent.auth === 'normal' && canonical.includes(fx.foreignVm)) {
    found.push("a normal account was answered for another account's VM");
  }

  return found;
}

function envelopeViolations(answer: HttpAnswer, fx: Fixtures): string[] {
  const { value, problems } = parsedJson(answer);

  if (problems.length > 0) {
    return [`a ${answer.status} that is not the envelope: ${problems.join(', ')}`];
  }

  if (!hasExactly(value, ['error'])) {
    return ['the body is not {"error":{...}}'];
  }

  const found = errorCodeViolations(value.error, 'error');
  const error = value.error as Record<string, unknown>;
  const allowed = CODES_BY_STATUS[answer.status];

  if (!allowed) {
    found.push(`status ${answer.status} is not one the contract allows`);
  } else if (!allowed.includes(error.code as string)) {
    found.push(`status ${answer.status} does not go with ${String(error.code)}`);
  }

  if (answer.status === 429 && !/^\d+$/u.test(answer.headers['retry-after'] ?? '')) {
    found.push('a 429 without Retry-After');
  }

  // In this inventory an internal error has one legitimate cause: the VM on an unregistered type.
  if (
    error.code === 'SYS.1000' &&
    error.details !== `primary storage type ${fx.unregisteredStorageType} is not registered`
  ) {
    found.push('an unexpected internal error (SYS.1000)');
  }

  return found;
}

/** An ErrorCode: the six fields, a catalogue code with its sentence, and a cause of the same form. */
function errorCodeViolations(error: unknown, where: string): string[] {
  const fields = ['code', 'description', 'details', 'elaboration', 'opaque', 'cause'];

  if (!hasExactly(error, fields)) {
    return [`${where} does not have exactly the fields ${fields.join(', ')}`];
  }

  const found: string[] = [];
  const description = (DESCRIPTIONS as Readonly<Record<string, string>>)[error.code as string];

  if (description === undefined) {
    found.push(`${where}.code ${String(error.code)} is not in the catalogue`);
  } else if (error.description !== description) {
    found.push(`${where}.description is not the catalogue's sentence for ${String(error.code)}`);
  }

  if (typeof error.details !== 'string') {
    found.push(`${where}.details is not a string`);
  }

  if (error.elaboration !== null || error.opaque !== null) {
    found.push(`${where}.elaboration and opaque must be null`);
  }

  return error.cause === null
    ? found
    : [...found, ...errorCodeViolations(error.cause, `${where}.cause`)];
}
