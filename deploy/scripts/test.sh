#!/usr/bin/env bash
# `npm test`: the whole suite on a fresh clone. Installs dependencies, builds the
# pinned nats-server and Temporal CLI on first use, then type-checks, lints
# (module boundaries included) and runs unit, integration, end-to-end and fault
# tests against the machine's PostgreSQL and real NATS JetStream and Temporal.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

ensure_node
ensure_node_modules
ensure_binaries
ensure_postgres "${VIGIL_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"

say "type-checking"
npx tsc -p tsconfig.json --noEmit
say "linting"
NX_DAEMON=false npx nx run-many -t lint --outputStyle=static
say "running tests"
npx jest "$@"
# The whole suite only: a run narrowed by arguments skips the date-shifted repeat.
if [ $# -eq 0 ]; then bash "$(dirname "$0")/test-dates.sh"; fi
