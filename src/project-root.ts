import { existsSync } from 'node:fs';
import path from 'node:path';

/** The folder holding package.json and prisma/, from source (src/) or build (dist/src/). */
export function projectRoot(): string {
  let folder = __dirname;

  while (!existsSync(path.join(folder, 'prisma.config.ts'))) {
    if (folder === path.dirname(folder)) {
      throw new Error('cannot find the project folder (prisma.config.ts) above ' + __dirname);
    }

    folder = path.dirname(folder);
  }

  return folder;
}
