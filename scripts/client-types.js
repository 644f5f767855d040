#!/usr/bin/env node
// The typed client's schema, packages/client/src/generated/schema.ts, kept equal
// to what openapi-typescript makes of the committed openapi.json. `write`
// regenerates it; `check` regenerates it in memory and fails, naming the first
// differing lines, when the committed file is out of date. The text is formatted
// with Prettier's API and the project's Prettier settings before it is written or
// compared, so both sides are laid out alike.
const { existsSync, readFileSync, writeFileSync, mkdirSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const source = path.join(root, 'openapi.json');
const target = path.join(root, 'packages', 'client', 'src', 'generated', 'schema.ts');
const MAX_LINES = 60;

const HEADER = `/**
 * The service's API as TypeScript types, generated from openapi.json by
 * openapi-typescript. Do not edit: run \`npm run client:types\` after openapi.json changes.
 */

`;

/** The schema file as it should read, from the committed OpenAPI document. */
async function generated() {
  // openapi-typescript turns an OpenAPI document into TypeScript types; prettier lays them out.
  const { default: openapiTS, astToString } = require('openapi-typescript');
  const prettier = require('prettier');
  const document = JSON.parse(readFileSync(source, 'utf8'));
  const ast = await openapiTS(document, { alphabetize: true, silent: true });
  const settings = await prettier.resolveConfig(target);

  return prettier.format(HEADER + astToString(ast), { ...settings, filepath: target });
}

/** The differing lines as unified-diff hunks (jest-diff), cut after MAX_LINES lines. */
function differences(committed, expected) {
  const { diffLinesUnified } = require('jest-diff');
  const plain = (text) => text;
  const lines = diffLinesUnified(committed.split('\n'), expected.split('\n'), {
    aAnnotation: 'committed',
    bAnnotation: 'openapi.json makes',
    aColor: plain,
    bColor: plain,
    changeColor: plain,
    commonColor: plain,
    patchColor: plain,
    contextLines: 2,
    expand: false,
    includeChangeCounts: true,
  }).split('\n');

  return lines.length > MAX_LINES
    ? [...lines.slice(0, MAX_LINES), `... ${lines.length - MAX_LINES} more lines`]
    : lines;
}

async function main(mode) {
  const expected = await generated();
  const relative = path.relative(process.cwd(), target) || target;

  if (mode === 'write') {
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, expected);
    console.log(`wrote ${relative}`);

    return 0;
  }

  if (!existsSync(target)) {
    console.error(`${relative} is missing: run \`npm run client:types\` and commit it`);

    return 1;
  }

  const committed = readFileSync(target, 'utf8');

  if (committed === expected) {
    console.log(`${relative} matches openapi.json`);

    return 0;
  }

  console.error(`${relative} is out of date with openapi.json:`);
  differences(committed, expected).forEach((difference) => console.error(`  ${difference}`));
  console.error('Run `npm run client:types` and commit the file.');

  return 1;
}

const mode = process.argv[2];

if (mode !== 'write' && mode !== 'check') {
  console.error('usage: node scripts/client-types.js write|check');
  process.exit(2);
}

main(mode).then(
  (status) => process.exit(status),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
