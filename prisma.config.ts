import path from 'node:path';
import { defineConfig } from 'prisma/config';

import { CliPrismaPg } from './prisma/cli-adapter';

// The WebAssembly schema engine ("js") needs no download, unlike the native one.
// DATABASE_URL must be set whenever the CLI runs, or Prisma falls back to the
// native engine.
export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  adapter: () => {
    const url = process.env.DATABASE_URL;

    if (!url) {
      throw new Error('DATABASE_URL must be set to run the Prisma CLI');
    }

    return Promise.resolve(new CliPrismaPg(url));
  },
  schema: path.join(__dirname, 'prisma', 'schema.prisma'),
  migrations: { path: path.join(__dirname, 'prisma', 'migrations') },
});
