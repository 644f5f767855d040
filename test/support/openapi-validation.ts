import { spawn } from 'node:child_process';

const VALIDATE = `
let input = '';
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', () =>
  require('@apidevtools/swagger-parser')
    .validate(JSON.parse(input))
    .then(
      () => process.exit(0),
      (error) => {
        process.stderr.write(String(error.message));
        process.exit(1);
      },
    ),
);
`;

/**
 * What @apidevtools/swagger-parser finds wrong with an OpenAPI document, or
 * undefined when it validates. The parser runs in a Node process of its own: it
 * loads an ES module, which Node requires natively but Jest cannot on Node 20.
 */
export function openApiProblems(
  document: unknown,
  timeoutMs = 20_000,
): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', VALIDATE], {
      cwd: __dirname,
      stdio: ['pipe', 'ignore', 'pipe'],
      timeout: timeoutMs,
    });
    let problems = '';
    child.stderr.on('data', (chunk: Buffer) => (problems += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (signal) {
        reject(new Error(`the OpenAPI validation was ended by ${signal}`));

        return;
      }

      resolve(code === 0 ? undefined : problems || `the OpenAPI validation exited ${code}`);
    });
    child.stdin.end(JSON.stringify(document));
  });
}
