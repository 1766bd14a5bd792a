# syntax=docker/dockerfile:1
#
# One image for every resplica service: the command picks the app (node apps/master/dist/main.js,
# apps/replica/…, apps/router/…); docker-compose.yml runs a whole topology from it and
# docs/docker.md explains how. Configuration comes from RESPLICA_* variables, flags after the
# command, or a redis.conf mounted into the container and named as the first argument.
#
# Three stages: `build` installs everything and compiles every workspace with Nx; `prod-deps` drops
# the devDependencies from that install; `runtime` gets only those production modules, each
# workspace's package.json and its compiled dist/, and runs as the unprivileged `node` user.
# tools/ops/test/docker checks this file offline (lint, non-root user, --omit=dev, COPY sources).

FROM node:20-bookworm-slim AS build
WORKDIR /app
# Nx must not start a background daemon or try Nx Cloud inside a one-shot build.
ENV NX_DAEMON=false NX_NO_CLOUD=true

# The manifests alone first: `npm ci` is the slow step, and its layer stays cached until one of them
# changes. Every npm workspace needs its package.json here, or `npm ci` does not link it.
COPY package.json package-lock.json ./
COPY apps/master/package.json apps/master/
COPY apps/replica/package.json apps/replica/
COPY apps/router/package.json apps/router/
COPY libs/backlog/package.json libs/backlog/
COPY libs/commands/package.json libs/commands/
COPY libs/config/package.json libs/config/
COPY libs/health/package.json libs/health/
COPY libs/keyspace/package.json libs/keyspace/
COPY libs/rdb/package.json libs/rdb/
COPY libs/replication/package.json libs/replication/
COPY libs/resp/package.json libs/resp/
COPY libs/server/package.json libs/server/
COPY libs/testing/package.json libs/testing/
COPY tools/ops/package.json tools/ops/
RUN npm ci --no-audit --no-fund

COPY . .
RUN npx nx run-many -t build --output-style=static

FROM build AS prod-deps
RUN npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
# Snapshots (dump.rdb) go to /data, the volume docker-compose.yml mounts for the master; the app
# code's own directory stays read-only to the user the services run as.
ENV RESPLICA_DIR=/data
WORKDIR /app
RUN mkdir /data && chown node:node /data

# node_modules/@resplica/* are symlinks into apps/, libs/ and tools/ops, so each workspace the
# services load needs its package.json (for "main") and its dist/ at the same place as in the repo.
COPY --from=prod-deps /app/node_modules node_modules
COPY --from=build /app/package.json ./
COPY --from=build /app/apps/master/package.json apps/master/
COPY --from=build /app/apps/master/dist apps/master/dist
COPY --from=build /app/apps/replica/package.json apps/replica/
COPY --from=build /app/apps/replica/dist apps/replica/dist
COPY --from=build /app/apps/router/package.json apps/router/
COPY --from=build /app/apps/router/dist apps/router/dist
COPY --from=build /app/libs/backlog/package.json libs/backlog/
COPY --from=build /app/libs/backlog/dist libs/backlog/dist
COPY --from=build /app/libs/commands/package.json libs/commands/
COPY --from=build /app/libs/commands/dist libs/commands/dist
COPY --from=build /app/libs/config/package.json libs/config/
COPY --from=build /app/libs/config/dist libs/config/dist
COPY --from=build /app/libs/health/package.json libs/health/
COPY --from=build /app/libs/health/dist libs/health/dist
# The health codec requires ../generated/health (the protobufjs static code) at run time.
COPY --from=build /app/libs/health/generated libs/health/generated
COPY --from=build /app/libs/keyspace/package.json libs/keyspace/
COPY --from=build /app/libs/keyspace/dist libs/keyspace/dist
COPY --from=build /app/libs/rdb/package.json libs/rdb/
COPY --from=build /app/libs/rdb/dist libs/rdb/dist
COPY --from=build /app/libs/replication/package.json libs/replication/
COPY --from=build /app/libs/replication/dist libs/replication/dist
COPY --from=build /app/libs/resp/package.json libs/resp/
COPY --from=build /app/libs/resp/dist libs/resp/dist
COPY --from=build /app/libs/server/package.json libs/server/
COPY --from=build /app/libs/server/dist libs/server/dist
# The container health check (tools/ops/src/healthcheck) that docker-compose.yml runs.
COPY --from=build /app/tools/ops/package.json tools/ops/
COPY --from=build /app/tools/ops/dist tools/ops/dist

USER node
# Router (RESP), master, first replica, and the router's status page and /metrics (metrics-port,
# off unless set; docker-compose.yml sets 9121).
EXPOSE 6379 6380 6381 9121
CMD ["node", "apps/master/dist/main.js"]
