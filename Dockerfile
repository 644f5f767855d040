# syntax=docker/dockerfile:1

# Both stages share one base so that the native modules installed in the build
# stage (argon2's prebuilt binary) match the runtime's libc and Node ABI.
ARG NODE_IMAGE=node:24.21-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app

# The install scripts that matter here all download Prisma's native engines,
# which this project never uses (package.json's allowScripts refuses them too);
# skipping every script keeps the result the same whatever npm the image ships.
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-audit --no-fund

COPY tsconfig.json tsconfig.build.json nest-cli.json prisma.config.ts ./
COPY scripts ./scripts
COPY prisma ./prisma
COPY src ./src
RUN npm run build && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
WORKDIR /app

# CHECKPOINT_DISABLE stops the Prisma CLI, which applies the migrations at each
# start, from calling Prisma's version-check server.
ENV NODE_ENV=production \
    CHECKPOINT_DISABLE=1

# The files stay owned by root: the service only reads them, so it cannot
# rewrite its own code or migrations. prisma.config.ts and prisma/cli-adapter.ts
# are TypeScript on purpose: the Prisma CLI compiles them itself when it runs.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/prisma.config.ts ./
COPY --chmod=755 docker/entrypoint.sh ./docker/entrypoint.sh

USER node
EXPOSE 8080
ENTRYPOINT ["/app/docker/entrypoint.sh"]
