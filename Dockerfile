# Nexus on Node 26 (Active LTS). `docker compose up -d` with compose.yaml beside this file, or:
#   docker build -t nexus-bot . && docker run -v nexus-data:/data --env-file .env nexus-bot

FROM node:26-slim AS build
# better-sqlite3 compiles its native module where no prebuilt one can be fetched.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
# The steps CI runs on a copy of the checkout: install, build, prune to production
# dependencies, and the compiled console must answer /help.
RUN bash scripts/build-production.sh

FROM node:26-slim
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The shipped learnings, challenges and prompts (the database itself lives in the volume).
COPY --from=build /app/data ./data
RUN mkdir -p /data && chown node:node /data
USER node
ENV NODE_ENV=production \
  DATABASE_PATH=/data/nexus.db \
  HTTP_HOST=0.0.0.0
VOLUME /data
# Asks GET /healthz when HTTP_PORT is set; without it, there is nothing to ask and it passes.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
  CMD ["node", "dist/src/ops/healthcheck.js"]
# Plain node, no npm in between: SIGTERM reaches the bot, which closes Discord and the database.
# npm start's flags (README, "Memory"): a small young generation, two V8 helper threads.
CMD ["node", "--max-semi-space-size=2", "--v8-pool-size=2", "dist/src/main.js"]
