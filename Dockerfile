# syntax=docker/dockerfile:1
# One image for both processes of the distributed shape: the command picks the
# process, `npm run start:web` (the default) or `npm run start:worker`.
# Built by `cdk deploy` (infra/) for linux/amd64; see docs/deploy.md.

FROM node:20-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM node:20-slim AS production-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM deps AS build
ENV NEXT_TELEMETRY_DISABLED=1
COPY . .
RUN npm run build

FROM node:20-slim AS runtime
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
WORKDIR /app
COPY --from=production-deps /app/node_modules ./node_modules
# server.ts and worker/main.ts run from source through tsx, which reads the
# path aliases from tsconfig.json; Next.js serves the build from .next.
COPY --from=build /app/package.json /app/tsconfig.json /app/next.config.mjs /app/server.ts ./
COPY --from=build /app/lib ./lib
COPY --from=build /app/worker ./worker
COPY --from=build /app/public ./public
COPY --from=build --chown=node:node /app/.next ./.next
# DATA_DIR: the worker keeps a local session secret there (it signs no sessions).
RUN mkdir .data && chown node:node .data
USER node
EXPOSE 3000
CMD ["npm", "run", "start:web"]
