#!/usr/bin/env bash
# The container image's build steps, kept here so that the Dockerfile and CI run the same ones:
# a clean install, the compiled build, production dependencies only, then the compiled console
# started with plain node and npm start's flags must answer /help. Run from the root of a
# checkout (or its copy).
set -euo pipefail
cd "$(dirname "$0")/.."

npm ci --no-audit --no-fund
npm run build
npm prune --omit=dev --no-audit --no-fund

# Build tools are gone: what remains runs on node alone.
for tool in tsc tsx vitest; do
  if [ -e "node_modules/.bin/$tool" ]; then
    echo "build-production: $tool is still installed after pruning" >&2
    exit 1
  fi
done

smoke_dir="$(mktemp -d)"
trap 'rm -rf "$smoke_dir"' EXIT
answer="$(printf '/help\n' | DISCORD_TOKEN='' HTTP_PORT='' BACKUP_DIR='' LOG_LEVEL=warn \
  DATABASE_PATH="$smoke_dir/nexus.db" node --max-semi-space-size=2 --v8-pool-size=2 dist/src/main.js)"
if ! grep -q '/learning' <<<"$answer"; then
  echo "build-production: the compiled console did not answer /help; it printed:" >&2
  echo "$answer" >&2
  exit 1
fi
echo "build-production: compiled console answered /help on production dependencies"
