#!/usr/bin/env node
// The committed OpenAPI document, openapi.json, kept equal to what the code
// describes. `write` rewrites it from the code; `check` fails, naming each
// difference, when they differ. Reads the build (dist/), which the npm scripts
// refresh first: `npm run openapi:write`, `npm run openapi:check`.
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const file = path.join(root, 'openapi.json');
const built = (...parts) => path.join(root, 'dist', 'src', ...parts);
const MAX_DIFFERENCES = 30;

/** The document of the code, from an app that is created but never started or connected. */
async function documentOfTheCode() {
  if (!existsSync(built('swagger.js'))) {
    throw new Error('dist/ has no build: run `npm run build` first');
  }

  const { loadAppConfig } = require(built('config', 'app-config.js'));
  const { createApp } = require(built('create-app.js'));
  const { createOpenApiDocument } = require(built('swagger.js'));
  const app = await createApp(
    loadAppConfig({
      DATABASE_URL: 'postgresql://127.0.0.1:5432/openapi-reads-no-database',
      LOG_LEVEL: 'silent',
    }),
  );

  try {
    return createOpenApiDocument(app);
  } finally {
    await app.close();
  }
}

/** Object keys in sorted order at every depth, so that the file changes only with the API. */
function sorted(value) {
  if (Array.isArray(value)) {
    return value.map(sorted);
  }

  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sorted(value[key])]),
    );
  }

  return value;
}

const format = (document) => `${JSON.stringify(sorted(document), null, 2)}\n`;

const isObject = (value) => value !== null && typeof value === 'object';

function pathTo(at, key) {
  if (typeof key === 'number') {
    return `${at}[${key}]`;
  }

  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${at}.${key}` : `${at}[${JSON.stringify(key)}]`;
}

function shown(value) {
  const text = JSON.stringify(value);

  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Where the committed document and the code's differ, as readable paths, up to MAX_DIFFERENCES. */
function differences(committed, code, at = '$', found = []) {
  if (found.length >= MAX_DIFFERENCES) {
    return found;
  }

  if (isObject(committed) && isObject(code) && Array.isArray(committed) === Array.isArray(code)) {
    const keys = Array.isArray(code)
      ? Array.from({ length: Math.max(committed.length, code.length) }, (_, index) => index)
      : [...new Set([...Object.keys(committed), ...Object.keys(code)])].sort();

    for (const key of keys) {
      if (!Object.hasOwn(code, key)) {
        found.push(`${pathTo(at, key)}: in openapi.json only`);
      } else if (!Object.hasOwn(committed, key)) {
        found.push(`${pathTo(at, key)}: in the code only`);
      } else {
        differences(committed[key], code[key], pathTo(at, key), found);
      }

      if (found.length >= MAX_DIFFERENCES) {
        break;
      }
    }

    return found;
  }

  if (JSON.stringify(committed) !== JSON.stringify(code)) {
    found.push(`${at}: openapi.json has ${shown(committed)}, the code ${shown(code)}`);
  }

  return found;
}

async function main(mode) {
  const expected = format(await documentOfTheCode());

  if (mode === 'write') {
    writeFileSync(file, expected);
    console.log(`wrote ${path.relative(process.cwd(), file) || file}`);

    return 0;
  }

  if (!existsSync(file)) {
    console.error('openapi.json is missing: run `npm run openapi:write` and commit it');

    return 1;
  }

  const actual = readFileSync(file, 'utf8');

  if (actual === expected) {
    console.log('openapi.json matches the code');

    return 0;
  }

  let found;

  try {
    found = differences(JSON.parse(actual), JSON.parse(expected));
  } catch (error) {
    found = [`openapi.json is not JSON: ${error.message}`];
  }

  if (found.length === 0) {
    found = ['the content is the same, but not laid out as `npm run openapi:write` writes it'];
  }

  console.error('openapi.json differs from the document the code describes:');
  found.forEach((difference) => console.error(`  ${difference}`));

  if (found.length >= MAX_DIFFERENCES) {
    console.error(`  (the first ${MAX_DIFFERENCES} differences)`);
  }

  console.error('Run `npm run openapi:write` and commit openapi.json if the change is meant.');

  return 1;
}

const mode = process.argv[2];

if (mode !== 'write' && mode !== 'check') {
  console.error('usage: node scripts/openapi.js write|check');
  process.exit(2);
}

main(mode).then(
  (status) => process.exit(status),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
