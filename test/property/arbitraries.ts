/**
 * Generators of requests to the service, one per family of bad input. fast-check
 * draws them and, when an answer breaks the contract, shrinks the request.
 */
import fc from 'fast-check';

import { HttpRequest } from './raw-http';

/** Which success body an endpoint answers with. */
export type Endpoint = 'vms' | 'vm' | 'login';

/**
 * What the Authorization header of a request amounts to: a real session of an
 * admin or a normal account, or something the session guard must refuse.
 */
export type AuthKind =
  | 'admin'
  | 'normal'
  | 'disabled'
  | 'expired'
  | 'unknown'
  | 'malformed'
  | 'missing'
  | 'wrongScheme'
  | 'duplicate';

export interface GeneratedRequest extends HttpRequest {
  generator: string;
  endpoint: Endpoint;
  auth: AuthKind;
}

/** The inventory the requests are aimed at, written before the run. */
export interface Fixtures {
  adminSession: string;
  normalSession: string;
  disabledSession: string;
  expiredSession: string;
  /** VMs the admin sees; the first ones the normal account owns or is shared. */
  visibleVms: string[];
  /** A VM of another account, which the normal account must not see. */
  foreignVm: string;
  /** A VM whose root volume is on a storage type missing from the registry. */
  unregisteredStorageVm: string;
  unregisteredStorageType: string;
  /** Node's limit on a request's head (MAX_HEADER_BYTES); past it Node answers 431. */
  headerLimit: number;
  login: { accountName: string; password: string };
  bodyLimit: number;
}

const VMS_PATH = '/zstack/v1/vm-instances/capabilities';
const LOGIN_PATH = '/zstack/v1/accounts/login';
const JSON_TYPE: [string, string] = ['Content-Type', 'application/json;charset=UTF-8'];

const vmPath = (segment: string) => `/zstack/v1/vm-instances/${segment}/capabilities`;

/** A request rendered for a failure message: long values are cut, bytes shown as text. */
export function describeRequest(sent: GeneratedRequest): string {
  if (sent.raw) {
    return `[${sent.generator}] raw bytes: ${cut(sent.raw.toString('latin1'), 600)}`;
  }

  const headers = sent.headers.map(([name, value]) => `  ${name}: ${cut(value, 200)}`);
  const body = sent.body
    ? `  body (${sent.body.length} bytes): ${cut(sent.body.toString('utf8'), 600)}`
    : '  no body';

  return [
    `[${sent.generator}] ${sent.method} ${cut(sent.path, 400)} (session: ${sent.auth})`,
    ...headers,
    body,
  ].join('\n');
}

export function cut(text: string, length: number): string {
  const shown = JSON.stringify(text.length > length ? text.slice(0, length) : text);

  return text.length > length ? `${shown}... (${text.length} characters)` : shown;
}

/** fast-check prints a counterexample with this; a 130 KB body would drown the report. */
function withDescription(sent: Omit<GeneratedRequest, typeof fc.toStringMethod>): GeneratedRequest {
  return Object.assign(sent, { [fc.toStringMethod]: () => describeRequest(sent) });
}

/** Percent-encodes every UTF-8 byte of the text; a lone surrogate becomes U+FFFD's bytes. */
const percentEncodeAll = (text: string): string =>
  [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');

/** Leaves the text as it is, but for what node:http refuses in a request target (controls, space, non-Latin-1). */
const asRawTarget = (text: string): string =>
  text.replace(/[^\x21-\x7e]/gu, (char) => percentEncodeAll(char));

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value), 'utf8');

// ---------------------------------------------------------------- building blocks

interface Auth {
  kind: AuthKind;
  headers: [string, string][];
}

const hexUuid = fc.uuid().map((uuid) => uuid.replaceAll('-', ''));

/** The forms the contract accepts for one uuid: canonical, upper case, dashed. */
const uuidForm = (uuid: string): fc.Arbitrary<string> =>
  fc.constantFrom(
    uuid,
    uuid.toUpperCase(),
    `${uuid.slice(0, 8)}-${uuid.slice(8, 12)}-${uuid.slice(12, 16)}-${uuid.slice(16, 20)}-${uuid.slice(20)}`,
  );

/** Mostly a real session of the admin, often a normal account's, sometimes one the guard refuses. */
function authArbitrary(fx: Fixtures): fc.Arbitrary<Auth> {
  const oauth = (kind: AuthKind, uuid: string): Auth => ({
    kind,
    headers: [['Authorization', `OAuth ${uuid}`]],
  });

  return fc.oneof(
    { weight: 12, arbitrary: fc.constant(oauth('admin', fx.adminSession)) },
    { weight: 5, arbitrary: fc.constant(oauth('normal', fx.normalSession)) },
    { weight: 1, arbitrary: fc.constant(oauth('disabled', fx.disabledSession)) },
    { weight: 1, arbitrary: fc.constant(oauth('expired', fx.expiredSession)) },
    { weight: 1, arbitrary: hexUuid.map((uuid) => oauth('unknown', uuid)) },
    { weight: 1, arbitrary: fc.constant<Auth>({ kind: 'missing', headers: [] }) },
  );
}

/** Strings built to break a query or a path: SQL, LIKE wildcards, traversal, escapes, raw and encoded. */
const HOSTILE_PIECES = [
  "'",
  "''",
  ';',
  '--',
  '%',
  '%%',
  '_',
  '*',
  '../',
  '..%2F',
  '%2F',
  '%2f',
  '%2e%2e%2f',
  '/',
  '\\',
  '%5C',
  '%27',
  '%00',
  '%',
  '%zz',
  '"',
  ' OR 1=1',
  "' OR '1'='1",
  '; DROP TABLE vm_instance; --',
  '$1',
  '::text',
  '\u0000',
  '?',
  '#',
  '&',
  '=',
  '+',
  ' ',
];

function hostileUuid(fx: Fixtures): fc.Arbitrary<string> {
  const pieces = fc.array(fc.constantFrom(...HOSTILE_PIECES), { minLength: 1, maxLength: 5 });

  return fc.oneof(
    fc.tuple(fc.constantFrom(...fx.visibleVms), pieces).map(([uuid, more]) => uuid + more.join('')),
    fc.tuple(pieces, fc.constantFrom(...fx.visibleVms)).map(([more, uuid]) => more.join('') + uuid),
    fc
      .tuple(fc.constantFrom(...fx.visibleVms), fc.nat(31), pieces)
      .map(([uuid, at, more]) => uuid.slice(0, at) + more.join('') + uuid.slice(at + 1)),
    pieces.map((more) => more.join('')),
  );
}

/** A uuid to ask for: usually a visible VM in some form, else unknown, foreign, unregistered or hostile. */
function askedUuid(fx: Fixtures): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 25, arbitrary: fc.constantFrom(...fx.visibleVms).chain(uuidForm) },
    { weight: 1, arbitrary: hexUuid },
    { weight: 1, arbitrary: fc.constant(fx.foreignVm) },
    { weight: 1, arbitrary: fc.constant(fx.unregisteredStorageVm) },
    { weight: 1, arbitrary: hostileUuid(fx) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  );
}

const askedList = (fx: Fixtures) => fc.array(askedUuid(fx), { minLength: 1, maxLength: 6 });

const tags = fc.oneof(
  fc.constant([] as string[]),
  fc.constant(['validationOnly']),
  fc.array(fc.constantFrom('validationOnly', 'a::b', '', 'tag'), { maxLength: 3 }),
);

/** A valid GetVmsCapabilities body, as ZStack's SDKs or its docs send it. */
function vmsBody(fx: Fixtures): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record(
      {
        params: fc.record({
          vmUuids: fc.oneof(askedList(fx), askedUuid(fx)),
        }),
        systemTags: tags,
        userTags: tags,
      },
      { requiredKeys: ['params'] },
    )
    .map((body) => body as Record<string, unknown>);
}

/** A valid LogInByAccount body: the right password, a wrong one, or an unknown name. */
function loginBody(fx: Fixtures): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .tuple(
      fc.constantFrom(fx.login.accountName, 'admin', 'nobody'),
      fc.constantFrom(fx.login.password, 'wrong'),
    )
    .map(([accountName, password]) => ({ logInByAccount: { accountName, password } }));
}

/** A GET query in the forms the contract accepts, repeated or indexed. */
const validQuery = (fx: Fixtures) =>
  fc
    .tuple(askedList(fx), fc.boolean())
    .map(([uuids, indexed]) =>
      uuids
        .map((uuid, index) =>
          indexed
            ? `vmUuids.${index}=${encodeURIComponent(uuid)}`
            : `vmUuids=${encodeURIComponent(uuid)}`,
        )
        .join('&'),
    );

function request(
  generator: string,
  endpoint: Endpoint,
  auth: Auth,
  parts: { method?: string; path?: string; headers?: [string, string][]; body?: Buffer },
): GeneratedRequest {
  const method = parts.method ?? { vms: 'POST', vm: 'GET', login: 'PUT' }[endpoint];

  return withDescription({
    generator,
    endpoint,
    auth: auth.kind,
    method,
    path: asRawTarget(parts.path ?? (endpoint === 'login' ? LOGIN_PATH : VMS_PATH)),
    headers: [...auth.headers, ...(parts.headers ?? [])],
    body: parts.body,
  });
}

/** The body's target: the POST, or the login (which needs no session). */
function bodyRequest(
  fx: Fixtures,
  generator: string,
  endpoint: fc.Arbitrary<'vms' | 'login'>,
  body: (endpoint: 'vms' | 'login') => fc.Arbitrary<Buffer>,
  headers: [string, string][] = [JSON_TYPE],
): fc.Arbitrary<GeneratedRequest> {
  return endpoint.chain((target) =>
    fc
      .tuple(authArbitrary(fx), body(target))
      .map(([auth, bytes]) => request(generator, target, auth, { headers, body: bytes })),
  );
}

const eitherBodyEndpoint = fc.constantFrom<'vms' | 'login'>('vms', 'vms', 'login');

// ---------------------------------------------------------------- the generators

/** Well-formed calls of every endpoint, so that many reach the handlers and the database. */
export function wellFormed(fx: Fixtures): fc.Arbitrary<GeneratedRequest> {
  const name = 'well-formed calls';

  return fc.oneof(
    fc
      .tuple(authArbitrary(fx), vmsBody(fx))
      .map(([auth, body]) =>
        request(name, 'vms', auth, { headers: [JSON_TYPE], body: json(body) }),
      ),
    fc
      .tuple(authArbitrary(fx), validQuery(fx))
      .map(([auth, query]) =>
        request(name, 'vms', auth, { method: 'GET', path: `${VMS_PATH}?${query}` }),
      ),
    fc
      .tuple(authArbitrary(fx), askedUuid(fx))
      .map(([auth, uuid]) => request(name, 'vm', auth, { path: vmPath(encodeURIComponent(uuid)) })),
    fc
      .tuple(authArbitrary(fx), loginBody(fx))
      .map(([auth, body]) =>
        request(name, 'login', auth, { headers: [JSON_TYPE], body: json(body) }),
      ),
  );
}

/** Random JSON documents, and JSON broken in the ways hand-written or truncated bodies break. */
export function jsonBodies(fx: Fixtures): fc.Arbitrary<GeneratedRequest> {
  const validText = (target: 'vms' | 'login') =>
    (target === 'vms' ? vmsBody(fx) : loginBody(fx)).map((body) => JSON.stringify(body));
  const broken = (target: 'vms' | 'login'): fc.Arbitrary<Buffer> =>
    fc.oneof(
      fc.jsonValue({ maxDepth: 4 }).map(json),
      fc.json({ maxDepth: 4 }).map((text) => Buffer.from(text)),
      fc
        .tuple(validText(target), fc.nat())
        .map(([text, at]) => Buffer.from(text.slice(0, at % text.length))),
      fc
        .tuple(
          validText(target),
          fc.nat(),
          fc.constantFrom(',', '}', ']', '"', "'", ':', '\\', '\n', '\u0000', '{'),
        )
        .map(([text, at, char]) => {
          const index = at % text.length;

          return Buffer.from(text.slice(0, index) + char + text.slice(index));
        }),
      validText(target).map((text) => Buffer.from(text.replaceAll('"', "'"))),
      validText(target).map((text) => Buffer.from(text.replace(/\}$/u, ',}'))),
      validText(target).map((text) => Buffer.from(`\ufeff${text}`)),
      validText(target).map((text) => Buffer.from(`${text}${text}`)),
      validText(target).map((text) => Buffer.from(`/* c */${text}`)),
      fc
        .constantFrom(
          '',
          ' ',
          'null',
          'true',
          '0',
          '"text"',
          '[]',
          '{}',
          'NaN',
          'undefined',
          '{"params":NaN}',
          '{"params":{"vmUuids":[1e999]}}',
          '{"params":{"vmUuids":[-0]}}',
          '{"__proto__":{"params":{"vmUuids":["x"]}}}',
          '{"constructor":{"prototype":{"params":1}}}',
          '{"params":{"__proto__":{"vmUuids":["x"]}}}',
          '{"logInByAccount":{"__proto__":{"accountName":"admin"}}}',
          '{"params":{"vmUuids":{"length":1,"0":"x"}}}',
        )
        .map((text) => Buffer.from(text)),
      // Bytes that are not UTF-8: a lone continuation byte, an overlong NUL, 0xFF.
      fc
        .tuple(
          validText(target),
          fc.nat(),
          fc.constantFrom([0x80], [0xc0, 0x80], [0xff], [0xed, 0xa0, 0x80]),
        )
        .map(([text, at, bytes]) => {
          const whole = Buffer.from(text);
          const index = at % whole.length;

          return Buffer.concat([
            whole.subarray(0, index),
            Buffer.from(bytes),
            whole.subarray(index),
          ]);
        }),
    );

  return bodyRequest(fx, 'random and malformed JSON', eitherBodyEndpoint, broken);
}

const FIELDS = [
  ['vms', 'params'],
  ['vms', 'params.vmUuids'],
  ['vms', 'params.vmUuids.0'],
  ['vms', 'params.vmUuids.1'],
  ['vms', 'systemTags'],
  ['vms', 'systemTags.0'],
  ['vms', 'userTags'],
  ['vms', 'userTags.0'],
  ['login', 'logInByAccount'],
  ['login', 'logInByAccount.accountName'],
  ['login', 'logInByAccount.password'],
] as const;

/** A value of any JSON type but the right one, or the field left out. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.string({ maxLength: 40 }),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.constant({})), {
    maxLength: 3,
  }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Sets (or, for undefined, removes) a dotted path in a copy of a JSON document. */
function withField(document: unknown, path: string, value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(document)) as Record<string, unknown>;
  const keys = path.split('.');
  let node: Record<string, unknown> = copy;

  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) {
      node[key] = {};
    }

    node = node[key] as Record<string, unknown>;
  }

  const last = keys[keys.length - 1];

  if (value === undefined) {
    delete node[last];
  } else {
    node[last] = value;
  }

  return copy;
}

/** Every field of both bodies in turn, holding a value of the wrong type or missing. */
export function wrongTypes(fx: Fixtures): fc.Arbitrary<GeneratedRequest> {
  const name = 'wrong types at every field';
  const base = {
    vms: fc.record({
      params: fc.record({
        vmUuids: fc.array(fc.constantFrom(...fx.visibleVms), { minLength: 2, maxLength: 3 }),
      }),
      systemTags: fc.constant(['tag']),
      userTags: fc.constant(['tag']),
    }),
    login: loginBody(fx),
  };

  return fc
    .tuple(authArbitrary(fx), fc.constantFrom(...FIELDS), wrongValue)
    .chain(([auth, [target, path], value]) =>
      (base[target] as fc.Arbitrary<unknown>).map((document) =>
        request(name, target, auth, {
          headers: [JSON_TYPE],
          body: json(withField(document, path, value)),
        }),
      ),
    );
}

/** Lengths around the edges: empty, uuid-sized, the validators' limits, and the body limit. */
function lengthAround(fx: Fixtures): fc.Arbitrary<number> {
  return fc.oneof(
    fc.constantFrom(0, 1, 31, 32, 33, 36, 255, 256, 1024, 1025),
    fc.integer({ min: 0, max: 2000 }),
    fc.integer({ min: fx.bodyLimit - 200, max: fx.bodyLimit + 200 }),
    fc.integer({ min: 2000, max: fx.bodyLimit * 2 }),
  );
}

/** Empty and huge strings in every field, bodies at and past the size limit, long paths and queries. */
export function sizes(fx: Fixtures): fc.Arbitrary<GeneratedRequest> {
  const name = 'huge and empty strings';
  const filler = fc.constantFrom('a', '0', 'f', ' ', 'é', '😀');
  const text = fc.tuple(filler, lengthAround(fx)).map(([char, length]) => char.repeat(length));
  const stringFields = FIELDS.filter(([, path]) => !['params', 'logInByAccount'].includes(path));

  return fc.oneof(
    fc
      .tuple(authArbitrary(fx), fc.constantFrom(...stringFields), text)
      .map(([auth, [target, path], value]) => {
        const document =
          target === 'vms'
            ? {
                params: { vmUuids: [fx.visibleVms[0], fx.visibleVms[1]] },
                systemTags: ['tag'],
                userTags: ['tag'],
              }
            : {
                logInByAccount: { accountName: fx.login.accountName, password: fx.login.password },
              };

        return request(name, target, auth, {
          headers: [JSON_TYPE],
          body: json(withField(document, path.replace(/\.\d$/u, '.0'), value)),
        });
      }),
    // Lists of valid uuids: up to the limit of 1,000, just past it, and past the body limit.
    fc
      .tuple(authArbitrary(fx), fc.constantFrom(1, 999, 1000, 1001, 4000), fc.boolean())
      .map(([auth, count, distinct]) =>
        request(name, 'vms', auth, {
          headers: [JSON_TYPE],
          body: json({
            params: {
              vmUuids: Array.from({ length: count }, (_, index) =>
                distinct ? fx.visibleVms[index % fx.visibleVms.length] : fx.visibleVms[0],
              ),
            },
          }),
        }),
      ),
    // Whitespace padding a valid body to any size, at and past the limit.
    fc
      .tuple(authArbitrary(fx), eitherBodyEndpoint, lengthAround(fx))
      .map(([auth, target, padding]) =>
        request(name, target, auth, {
          headers: [JSON_TYPE],
          body: Buffer.from(
            JSON.stringify(
              target === 'vms'
                ? { params: { vmUuids: [fx.visibleVms[0]] } }
                : { logInByAccount: fx.login },
            ) + ' '.repeat(padding),
          ),
        }),
      ),
    fc
      .tuple(
        authArbitrary(fx),
        eitherBodyEndpoint,
        fc.constantFrom(
          '',
          '""',
          '{"params":""}',
          '{"params":{"vmUuids":""}}',
          '{"params":{"vmUuids":[]}}',
          '{"params":{"vmUuids":[""]}}',
          '{"logInByAccount":{"accountName":"","password":""}}',
        ),
      )
      .map(([auth, target, body]) =>
        request(name, target, auth, { headers: [JSON_TYPE], body: Buffer.from(body) }),
      ),
    // Path and query lengths up to and past Node's header limit of 16 KB.
    fc
      .tuple(authArbitrary(fx), fc.integer({ min: 0, max: 20_000 }), fc.boolean())
      .map(([auth, length, asQuery]) =>
        asQuery
          ? request(name, 'vms', auth, {
              method: 'GET',
              path: `${VMS_PATH}?vmUuids=${'a'.repeat(length)}`,
            })
          : request(name, 'vm', auth, { path: vmPath('a'.repeat(length)) }),
      ),
  );
}

/** Characters that trip up normalisation, case mapping, storage and display. */
const ODD_CHARACTERS = [
  '😀',
  '\u{1F1FA}\u{1F1F3}',
  '\u{10FFFF}',
  '\ud800',
  '\udfff',
  '\u0000',
  '\u202e',
  '\u200f',
  '\u0301',
  '\u0338',
  '\u200b',
  '\ufeff',
  'İ',
  'ı',
  'ſ',
  'K',
  'ﬀ',
  'Ａ',
  '０',
  '٣',
  '\u00a0',
  '\t',
  '\n',
  '\u2028',
  '\u007f',
  'ß',
];

/** A string of hex digits and odd characters, sometimes a real uuid with one odd character inside. */
function oddString(fx: Fixtures): fc.Arbitrary<string> {
  const odd = fc.constantFrom(...ODD_CHARACTERS);

  return fc.oneof(
    fc
      .array(fc.oneof(odd, fc.constantFrom('a', '0', 'F')), { minLength: 1, maxLength: 40 })
      .map((chars) => chars.join('')),
    fc
      .tuple(fc.constantFrom(...fx.visibleVms), fc.nat(32), odd)
      .map(([uuid, at, char]) => uuid.slice(0, at) + char + uuid.slice(at)),
    fc.string({ unit: 'binary', maxLength: 40 }),
  );
}

/** JSON text for a string, lone surrogates and controls as \u escapes; or, sometimes, raw in the text. */
const jsonStringText = (value: string, raw: boolean): string =>
  raw
    ? `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`
    : JSON.stringify(value).replace(
        /[\ud800-\udfff]/gu,
        (char) => `\\u${char.charCodeAt(0).toString(16)}`,
      );

/** Astral characters, lone surrogates (escaped), NUL, RTL marks and combining marks in every place. */
export function unicode(fx: Fixtures): fc.Arbitrary<GeneratedRequest> {
  const name = 'unicode';
  const odd = oddString(fx);

  return fc.oneof(
    fc
      .tuple(
        authArbitrary(fx),
        fc.constantFrom(...FIELDS.filter(([, path]) => path.includes('.'))),
        odd,
        fc.boolean(),
      )
      .map(([auth, [target, path], value, raw]) => {
        const marker = 'ODD_VALUE_MARKER';
        const document =
          target === 'vms'
            ? {
                params: { vmUuids: [fx.visibleVms[0], fx.visibleVms[1]] },
                systemTags: [],
                userTags: [],
              }
            : { logInByAccount: { ...fx.login } };
        const text = JSON.stringify(withField(document, path, marker)).replace(
          `"${marker}"`,
          jsonStringText(value, raw),
        );

        return request(name, target, auth, { headers: [JSON_TYPE], body: Buffer.from(text) });
      }),
    fc.tuple(authArbitrary(fx), odd, fc.boolean()).map(([auth, value, encoded]) =>
      request(name, 'vm', auth, {
        path: vmPath(encoded ? percentEncodeAll(value) : asRawTarget(value)),
      }),
    ),
    fc.tuple(authArbitrary(fx), odd).map(([auth, value]) =>
      request(name, 'vms', auth, {
        method: 'GET',
        path: `${VMS_PATH}?vmUuids=${percentEncodeAll(value)}`,
      }),
    ),
    // Lone surrogates as UTF-8 would encode them (CESU), which no decoder should accept.
    fc
      .tuple(
        authArbitrary(fx),
        fc.constantFrom('%ED%A0%80', '%ED%BF%BF', '%C0%80', '%FF', '%E2%80%AE', '%F4%90%80%80'),
        fc.boolean(),
      )
      .map(([auth, bytes, inPath]) =>
        inPath
          ? request(name, 'vm', auth, { path: vmPath(`${fx.visibleVms[0].slice(0, 16)}${bytes}`) })
          : request(name, 'vms', auth, {
              method: 'GET',
              path: `${VMS_PATH}?vmUuids=${bytes}&vmUuids=${fx.visibleVms[0]}`,
            }),
      ),
    // Latin-1 bytes in the Authorization header, which node:http lets through.
    fc
      .tuple(fc.constantFrom('é', '\u00a0', 'ÿ', '\u0085'), fc.constantFrom(...fx.visibleVms))
      .map(([char, uuid]) =>
        request(
          name,
          'vms',
          { kind: 'malformed', headers: [] },
          {
            method: 'GET',
            path: `${VMS_PATH}?vmUuids=${uuid}`,
            headers: [
              [
                'Authorization',
                `OAuth ${fx.adminSession.slice(0, 10)}${char}${fx.adminSession.slice(11)}`,
              ],
            ],
          },
        ),
      ),
  );
}

/** Arrays and objects nested from a few levels to as deep as the body limit allows. */
export function deepNesting(fx: Fixtures): fc.Arbitrary<GeneratedRequest> {
  const depth = fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 40, max: 25_000 }));
  const shapes = [
    ['[', ']'],
    ['{"a":', '}'],
    ['[{"a":', '}]'],
    ['{"params":', '}'],
  ] as const;
  const nested = fc
    .tuple(
      depth,
      fc.constantFrom(...shapes),
      fc.constantFrom('"x"', '1', 'null', '[]', '{}', `"${fx.visibleVms[0]}"`),
    )
    .map(([levels, [open, close], leaf]) => open.repeat(levels) + leaf + close.repeat(levels));
  const places = [
    ['vms', (inner: string) => inner],
    ['vms', (inner: string) => `{"params":${inner}}`],
    ['vms', (inner: string) => `{"params":{"vmUuids":${inner}}}`],
    [
      'vms',
      (inner: string) => `{"params":{"vmUuids":["${fx.visibleVms[0]}"]},"systemTags":${inner}}`,
    ],
    ['login', (inner: string) => `{"logInByAccount":${inner}}`],
    ['login', (inner: string) => `{"logInByAccount":{"accountName":${inner},"password":"x"}}`],
  ] as const;

  return fc
    .tuple(authArbitrary(fx), fc.constantFrom(...places), nested)
    .map(([auth, [target, place], inner]) =>
      request('deep nesting', target, auth, {
        headers: [JSON_TYPE],
        body: Buffer.from(place(inner)),
      }),
    );
}

/** Uuids with SQL and path characters, raw and percent-encoded, in the path, the query and the bodies. */
export function injection(fx: Fixtures): fc.Arbitrary<GeneratedRequest> {
  const name = 'SQL and path characters';
  const hostile = hostileUuid(fx);

  return fc.oneof(
    fc
      .tuple(authArbitrary(fx), hostile, fc.constantFrom('raw', 'encoded', 'twice'))
      .map(([auth, uuid, form]) =>
        request(name, 'vm', auth, {
          path: vmPath(
            form === 'raw'
              ? asRawTarget(uuid)
              : form === 'encoded'
                ? encodeURIComponent(uuid)
                : encodeURIComponent(encodeURIComponent(uuid)),
          ),
        }),
      ),
    fc
      .tuple(authArbitrary(fx), fc.array(hostile, { minLength: 1, maxLength: 3 }), fc.boolean())
      .map(([auth, uuids, encoded]) =>
        request(name, 'vms', auth, {
          method: 'GET',
          path: `${VMS_PATH}?${uuids.map((uuid) => `vmUuids=${encoded ? encodeURIComponent(uuid) : asRawTarget(uuid)}`).join('&')}`,
        }),
      ),
    fc
      .tuple(
        authArbitrary(fx),
        fc.array(fc.oneof(hostile, fc.constantFrom(...fx.visibleVms)), {
          minLength: 1,
          maxLength: 4,
        }),
      )
      .map(([auth, uuids]) =>
        request(name, 'vms', auth, {
          headers: [JSON_TYPE],
          body: json({ params: { vmUuids: uuids } }),
        }),
      ),
    fc.tuple(authArbitrary(fx), hostile, fc.boolean()).map(([auth, text, asName]) =>
      request(name, 'login', auth, {
        headers: [JSON_TYPE],
        body: json({
          logInByAccount: asName
            ? { accountName: text, password: fx.login.password }
            : { accountName: fx.login.accountName, password: text },
        }),
      }),
    ),
  );
}

/** Authorization and Content-Type headers doubled, dropped, misspelt, oddly cased and padded. */
export function headers(fx: Fixtures): fc.Arbitrary<GeneratedRequest> {
  const name = 'duplicate and missing headers';
  const session = fc.constantFrom(fx.adminSession, fx.normalSession);
  const authHeaders: fc.Arbitrary<Auth> = fc.oneof(
    session.chain((uuid) =>
      fc
        .tuple(
          fc.constantFrom('Authorization', 'authorization', 'AUTHORIZATION', 'aUtHoRiZaTiOn'),
          uuidForm(uuid),
          fc.constantFrom('', ' ', '  ', '\t', ' \t '),
          fc.constantFrom('', ' ', '  '),
        )
        .map(([header, form, trailing, inner]): Auth => ({
          kind: uuid === fx.adminSession ? 'admin' : 'normal',
          headers: [[header, `OAuth ${inner}${form}${trailing}`]],
        })),
    ),
    fc
      .tuple(session, fc.oneof(session, hexUuid), fc.constantFrom('Authorization', 'authorization'))
      .map(([first, second, header]): Auth => ({
        kind: 'duplicate',
        headers: [
          ['Authorization', `OAuth ${first}`],
          [header, `OAuth ${second}`],
        ],
      })),
    session.map((uuid): Auth => ({
      kind: 'malformed',
      headers: [['Authorization', `OAuth ${uuid}, OAuth ${uuid}`]],
    })),
    fc.constant<Auth>({ kind: 'missing', headers: [] }),
    fc
      .tuple(
        session,
        fc.constantFrom('Proxy-Authorization', 'X-Authorization', 'Authorisation', 'Cookie'),
      )
      .map(([uuid, header]): Auth => ({ kind: 'missing', headers: [[header, `OAuth ${uuid}`]] })),
    fc
      .tuple(
        session,
        fc.constantFrom(
          'oauth ',
          'OAUTH ',
          'Bearer ',
          'Basic ',
          'OAuth\t',
          'OAuth:',
          'OAuth',
          'OAuth2 ',
          '',
          ' ',
        ),
      )
      .map(([uuid, scheme]): Auth => ({
        kind: 'wrongScheme',
        headers: [['Authorization', `${scheme}${uuid}`]],
      })),
    fc
      .tuple(
        session,
        fc.constantFrom('0', 'x', '{uuid}', 'null', `${'a'.repeat(31)}`, `${'a'.repeat(33)}`),
        fc.boolean(),
      )
      .map(([uuid, value, keep]): Auth => ({
        kind: 'malformed',
        headers: [['Authorization', `OAuth ${keep ? `${uuid}${value}` : value}`]],
      })),
  );
  const contentTypes: fc.Arbitrary<[string, string][]> = fc.oneof(
    fc.constant<[string, string][]>([JSON_TYPE]),
    fc.constant<[string, string][]>([]),
    fc.constant<[string, string][]>([JSON_TYPE, ['content-type', 'text/plain']]),
    fc.constant<[string, string][]>([JSON_TYPE, JSON_TYPE]),
    fc.constant<[string, string][]>([['CONTENT-TYPE', 'application/json ']]),
  );

  return fc
    .tuple(
      authHeaders,
      contentTypes,
      fc.constantFrom<Endpoint>('vms', 'vm', 'login'),
      fc.boolean(),
      fc.constantFrom(...fx.visibleVms),
    )
    .map(([auth, types, endpoint, asQuery, uuid]) => {
      if (endpoint === 'vm') {
        return request(name, 'vm', auth, { path: vmPath(uuid), headers: types });
      }

      if (endpoint === 'vms' && asQuery) {
        return request(name, 'vms', auth, {
          method: 'GET',
          path: `${VMS_PATH}?vmUuids=${uuid}`,
          headers: types,
        });
      }

      return request(name, endpoint, auth, {
        headers: types,
        body: json(
          endpoint === 'vms' ? { params: { vmUuids: [uuid] } } : { logInByAccount: fx.login },
        ),
      });
    });
}

/** Valid bodies under every Content-Type a client might send, and some no client should. */
export function contentTypes(fx: Fixtures): fc.Arbitrary<GeneratedRequest> {
  const name = 'odd Content-Types';
  const type = fc.oneof(
    fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'application/json;charset=UTF-8',
      'application/json; charset="utf-8"',
      'application/json; charset=utf8',
      'application/json; charset=latin1',
      'application/json; charset=iso-8859-1',
      'application/json; charset=utf-16',
      'application/json; charset=utf-16le',
      'application/json; charset=ebcdic',
      'application/json; charset=',
      'application/json; charset',
      'application/json;;;',
      'APPLICATION/JSON',
      'application/problem+json',
      'text/plain',
      'text/plain; charset=utf-8',
      'text/html',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=----x',
      'multipart/form-data',
      'application/octet-stream',
      'application/xml',
      '*/*',
      '',
      ';',
      '/',
      'json',
    ),
    fc.string({ maxLength: 30 }).map((text) => text.replace(/[^\x20-\x7e]/gu, '')),
  );
  const encoding = fc.constantFrom(
    undefined,
    'identity',
    'gzip',
    'deflate',
    'br',
    'x-bogus',
    'gzip, gzip',
  );

  return fc
    .tuple(
      authArbitrary(fx),
      eitherBodyEndpoint,
      fc.option(type, { nil: undefined, freq: 10 }),
      encoding,
    )
    .chain(([auth, target, contentType, contentEncoding]) =>
      (target === 'vms' ? vmsBody(fx) : loginBody(fx)).map((body) =>
        request(name, target, auth, {
          headers: [
            ...(contentType === undefined
              ? []
              : [['Content-Type', contentType] as [string, string]]),
            ...(contentEncoding === undefined
              ? []
              : [['Content-Encoding', contentEncoding] as [string, string]]),
          ],
          body: json(body),
        }),
      ),
    );
}

/** Query strings with repeated, indexed, bracketed, huge-index, empty and mixed keys. */
export function queryStrings(fx: Fixtures): fc.Arbitrary<GeneratedRequest> {
  const key = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('vmUuids', 'vmUuids.0', 'vmUuids.1', 'vmUuids.5') },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        'vmUuids[]',
        'vmUuids[0]',
        'vmUuids[1]',
        'vmUuids.',
        'vmUuids.-1',
        'vmUuids.01',
        'vmUuids.1e3',
        'vmUuids.0x1',
        'vmUuids. 1',
        'vmUuids.999999',
        'vmUuids.1000000',
        'vmUuids.99999999999999999999',
        'vmUuids%2E0',
        'vmUuids%5B%5D',
        'vmUuids..0',
        'vmuuids',
        'VMUUIDS',
        'vmUuids.0.1',
        '__proto__',
        'constructor',
        'hasOwnProperty',
        'toString',
        '',
        'systemTags',
      ),
    },
    { weight: 1, arbitrary: fc.nat().map((index) => `vmUuids.${index}`) },
  );
  const value = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...fx.visibleVms).chain(uuidForm) },
    {
      weight: 2,
      arbitrary: fc.constantFrom('', '%20', '+', ',', `${fx.visibleVms[0]},${fx.visibleVms[1]}`),
    },
    { weight: 1, arbitrary: hexUuid },
    { weight: 1, arbitrary: hostileUuid(fx).map(encodeURIComponent) },
    { weight: 1, arbitrary: fc.constant(fx.foreignVm) },
  );
  const pair = fc.oneof(
    { weight: 8, arbitrary: fc.tuple(key, value).map(([k, v]) => `${k}=${v}`) },
    { weight: 1, arbitrary: key },
    { weight: 1, arbitrary: fc.tuple(key, value).map(([k, v]) => `${k}==${v}`) },
  );
  const query = fc.oneof(
    {
      weight: 8,
      arbitrary: fc.array(pair, { minLength: 0, maxLength: 8 }).map((pairs) => pairs.join('&')),
    },
    {
      weight: 1,
      arbitrary: fc.array(pair, { minLength: 1, maxLength: 4 }).map((pairs) => pairs.join(';')),
    },
    {
      weight: 1,
      arbitrary: fc
        .array(pair, { minLength: 1, maxLength: 4 })
        .map((pairs) => `&&${pairs.join('&&')}&`),
    },
    // Many keys: just under and over the 1,000 uuids allowed, repeated or indexed.
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(999, 1000, 1001, 1500), fc.boolean())
        .map(([count, indexed]) =>
          Array.from(
            { length: count },
            (_, index) =>
              `${indexed ? `vmUuids.${index}` : 'vmUuids'}=${fx.visibleVms[index % fx.visibleVms.length]}`,
          ).join('&'),
        ),
    },
  );

  return fc.tuple(authArbitrary(fx), query).map(([auth, text]) =>
    request('repeated and indexed query keys', 'vms', auth, {
      method: 'GET',
      path: `${VMS_PATH}?${text}`,
    }),
  );
}

/** HTTP that Node's parser must refuse or read leniently, written byte for byte to a socket. */
export function brokenHttp(fx: Fixtures): fc.Arbitrary<GeneratedRequest> {
  const body = `{"params":{"vmUuids":["${fx.visibleVms[0]}"]}}`;
  const auth = `Authorization: OAuth ${fx.adminSession}`;
  const valid = [
    `POST ${VMS_PATH} HTTP/1.1`,
    'Host: x',
    auth,
    'Content-Type: application/json',
    `Content-Length: ${body.length}`,
    'Connection: close',
  ];
  const variants: string[][] = [
    valid,
    valid.filter((line) => !line.startsWith('Host')),
    [...valid, 'Host: y'],
    [...valid, `Content-Length: ${body.length + 1}`],
    [...valid, `Content-Length: ${body.length}`],
    [...valid, 'Transfer-Encoding: chunked'],
    valid.map((line) => (line.startsWith('Content-Length') ? 'Content-Length: -1' : line)),
    valid.map((line) => (line.startsWith('Content-Length') ? 'Content-Length: 1x' : line)),
    valid.map((line) =>
      line.startsWith('Content-Length') ? `Content-Length:  ${body.length} ` : line,
    ),
    [...valid, 'X-Folded: a', ' b'],
    [...valid, 'broken header line'],
    [...valid, 'X-Nul: a\u0000b'],
    [...valid, 'X-Utf8: \u00e9\u{1F600}'],
    [...valid, 'X-Space : a'],
    [...valid, ': empty-name'],
    [...valid, `${auth}`],
    valid.map((line) => (line.startsWith('POST') ? `POST ${VMS_PATH} HTTP/2.0` : line)),
    valid.map((line) => (line.startsWith('POST') ? `POST ${VMS_PATH} HTTP/1.0` : line)),
    valid.map((line) => (line.startsWith('POST') ? `POST ${VMS_PATH}` : line)),
    valid.map((line) => (line.startsWith('POST') ? `P@ST ${VMS_PATH} HTTP/1.1` : line)),
    valid.map((line) => (line.startsWith('POST') ? `post ${VMS_PATH} HTTP/1.1` : line)),
    valid.map((line) => (line.startsWith('POST') ? `POST http://x${VMS_PATH} HTTP/1.1` : line)),
    valid.map((line) => (line.startsWith('POST') ? `POST * HTTP/1.1` : line)),
    valid.map((line) => (line.startsWith('POST') ? `POST ${VMS_PATH}?a b HTTP/1.1` : line)),
    valid.map((line) => (line.startsWith('POST') ? `POST  ${VMS_PATH}  HTTP/1.1` : line)),
    valid.map((line) => (line.startsWith('POST') ? `POST ${VMS_PATH}\u00e9 HTTP/1.1` : line)),
  ];
  const chunked = [
    `POST ${VMS_PATH} HTTP/1.1`,
    'Host: x',
    auth,
    'Transfer-Encoding: chunked',
    'Connection: close',
  ];

  return fc
    .oneof(
      fc
        .tuple(fc.constantFrom(...variants), fc.constantFrom('\r\n', '\n'))
        .map(([lines, eol]) => Buffer.from(`${lines.join(eol)}${eol}${eol}${body}`, 'utf8')),
      fc
        .constantFrom(
          `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
          `zz\r\n${body}\r\n0\r\n\r\n`,
          `${body.length.toString(16)};ext=1\r\n${body}\r\n0\r\n\r\n`,
          `${body.length.toString(16)}\n${body}\n0\n\n`,
          `-1\r\n${body}\r\n0\r\n\r\n`,
          `0\r\n\r\n`,
        )
        .map((chunks) => Buffer.from(`${chunked.join('\r\n')}\r\n\r\n${chunks}`, 'utf8')),
      // Random bytes after a first one that Node cannot skip (it skips empty lines and waits).
      fc
        .tuple(fc.integer({ min: 0x21, max: 0xff }), fc.uint8Array({ maxLength: 200 }))
        .map(([first, bytes]) =>
          Buffer.concat([Buffer.from([first, ...bytes]), Buffer.from('\r\n\r\n')]),
        ),
    )
    .map((raw) =>
      withDescription({
        generator: 'broken HTTP',
        endpoint: 'vms',
        auth: 'admin',
        method: 'POST',
        path: VMS_PATH,
        headers: [],
        raw,
      }),
    );
}

/** Every generator by name, each answered under the same contract. */
export const GENERATORS = {
  wellFormed,
  jsonBodies,
  wrongTypes,
  sizes,
  unicode,
  deepNesting,
  injection,
  headers,
  contentTypes,
  queryStrings,
  brokenHttp,
} as const;
