#!/usr/bin/env bash
# `npm start`: the whole platform on local defaults, in the foreground (Ctrl-C stops it).
# Installs dependencies, builds nats-server and the Temporal CLI, uses the
# machine's PostgreSQL, migrates every service and seeds the demo data (dev mode
# only), then runs nats-server, the Temporal dev server (SQLite), the dev
# mailbox and every Vigil process under a supervisor (deploy/dev/run-platform.ts)
# that restarts whatever dies. State lives in .vigil/.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

STATE_DIR="$REPO_ROOT/.vigil"
LOG_DIR="$STATE_DIR/logs"
mkdir -p "$LOG_DIR"

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/vigil}"
export NATS_PORT="${NATS_PORT:-4223}"
export NATS_URL="${NATS_URL:-nats://127.0.0.1:$NATS_PORT}"
export TEMPORAL_PORT="${TEMPORAL_PORT:-7233}"
export TEMPORAL_UI_PORT="${TEMPORAL_UI_PORT:-8233}"
export TEMPORAL_ADDRESS="${TEMPORAL_ADDRESS:-127.0.0.1:$TEMPORAL_PORT}"
export DEV_MAILBOX_PORT="${DEV_MAILBOX_PORT:-1025}"
export SMTP_URL="${SMTP_URL:-smtp://127.0.0.1:$DEV_MAILBOX_PORT}"
export API_GATEWAY_PORT="${API_GATEWAY_PORT:-3000}" MONITORING_INGEST_PORT="${MONITORING_INGEST_PORT:-3010}" \
  TICKETING_PORT="${TICKETING_PORT:-3020}" NOTIFICATIONS_PORT="${NOTIFICATIONS_PORT:-3030}" IDENTITY_PORT="${IDENTITY_PORT:-3040}" \
  CUSTOMERS_PORT="${CUSTOMERS_PORT:-3050}"
# Prometheus metrics, one listener per process on loopback (never the gateway's public port).
export API_GATEWAY_METRICS_PORT="${API_GATEWAY_METRICS_PORT:-9400}" MONITORING_INGEST_METRICS_PORT="${MONITORING_INGEST_METRICS_PORT:-9410}" \
  TICKETING_METRICS_PORT="${TICKETING_METRICS_PORT:-9420}" NOTIFICATIONS_METRICS_PORT="${NOTIFICATIONS_METRICS_PORT:-9430}" \
  IDENTITY_METRICS_PORT="${IDENTITY_METRICS_PORT:-9440}" WORKFLOW_WORKER_METRICS_PORT="${WORKFLOW_WORKER_METRICS_PORT:-9450}" \
  CUSTOMERS_METRICS_PORT="${CUSTOMERS_METRICS_PORT:-9460}"
[ "${NODE_ENV:-development}" != "production" ] || die "npm start is the dev launcher; production runs the images (docker-compose.yml)"

ensure_node
ensure_node_modules
ensure_binaries

# Dev credentials: generated once, kept out of git, shown at the end.
DEV_ENV="$STATE_DIR/dev.env"
node -r @swc-node/register deploy/dev/dev-credentials.ts "$DEV_ENV" || die "could not write $DEV_ENV"
set -a; source "$DEV_ENV"; set +a

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in "$NATS_PORT" "$TEMPORAL_PORT" "$DEV_MAILBOX_PORT" "$API_GATEWAY_PORT" "$MONITORING_INGEST_PORT" "$TICKETING_PORT" "$NOTIFICATIONS_PORT" "$IDENTITY_PORT" "$CUSTOMERS_PORT" \
  "$API_GATEWAY_METRICS_PORT" "$MONITORING_INGEST_METRICS_PORT" "$TICKETING_METRICS_PORT" "$NOTIFICATIONS_METRICS_PORT" "$IDENTITY_METRICS_PORT" "$WORKFLOW_WORKER_METRICS_PORT" "$CUSTOMERS_METRICS_PORT"; do
  port_free "$port" || die "port $port is already in use (is Vigil already running?)"
done

# VIGIL_FRESH_STATE=1 starts from nothing: the database, Temporal's SQLite file, JetStream's
# store and the dev mailbox are removed first (benchmark runs compare only on fresh state:
# repeated runs pile up tickets, Temporal history and timers that fire in later runs).
FRESH_STATE="${VIGIL_FRESH_STATE:-0}"
if [ "$FRESH_STATE" = "1" ]; then
  [ "${NODE_ENV:-}" != "production" ] || die "VIGIL_FRESH_STATE=1 deletes every record; refused with NODE_ENV=production"
  say "fresh state: removing the database, Temporal's and JetStream's state and the dev mailbox"
  rm -rf "$STATE_DIR/nats" "$STATE_DIR/mail" "$STATE_DIR"/temporal.db*
fi

# NATS JetStream, fsync on every write as in production; one user per service with the
# permissions generated from the contracts, passwords from dev.env (decision 0017).
mkdir -p "$STATE_DIR/nats"
node -r @swc-node/register deploy/access/service-access.ts nats-authorization "$STATE_DIR/nats-authorization.conf" || die "could not write the NATS authorization"
cat >"$STATE_DIR/nats-server.conf" <<CONF
listen: 127.0.0.1:$NATS_PORT
jetstream {
  store_dir: "$STATE_DIR/nats"
  sync_interval: always
}
include ./nats-authorization.conf
CONF
chmod 600 "$STATE_DIR/nats-server.conf"

ADMIN_URL="$(node -e "const u = new URL(process.argv[1]); u.pathname = '/postgres'; console.log(u.toString())" "$DATABASE_URL")"
ensure_postgres "$ADMIN_URL"
node -e "
  const { Client } = require('pg');
  const db = new URL(process.argv[2]).pathname.slice(1);
  const c = new Client({ connectionString: process.argv[1] });
  c.connect()
    .then(() => process.argv[3] === '1' && c.query('DROP DATABASE IF EXISTS \"' + db.replace(/\"/g, '') + '\" WITH (FORCE)'))
    .then(() => c.query('SELECT 1 FROM pg_database WHERE datname = \$1', [db]))
    .then((r) => (r.rowCount ? null : c.query('CREATE DATABASE \"' + db.replace(/\"/g, '') + '\"')))
    .then(() => c.end(), (e) => { console.error(e.message); process.exit(1); });
" "$ADMIN_URL" "$DATABASE_URL" "$FRESH_STATE" || die "could not create the database in $DATABASE_URL"

# Each service runs as its own Postgres role (vigil_<schema>); migrations as DATABASE_URL's owner.
node -r @swc-node/register deploy/access/service-access.ts roles || die "could not create the services' Postgres roles"
SERVICES=(identity monitoring-ingest ticketing notifications customers api-gateway)
for service in "${SERVICES[@]}"; do
  say "migrating $service"
  node -r @swc-node/register "services/$service/src/migrate.ts" >>"$LOG_DIR/migrate.log" 2>&1 || die "migrating $service failed (see $LOG_DIR/migrate.log)"
done
role_url() { node -e "const u = new URL(process.argv[1]); u.username = process.argv[2]; u.password = ''; console.log(u.toString())" "$DATABASE_URL" "$1"; }
for seed in identity:vigil_identity monitoring-ingest:vigil_monitoring customers:vigil_customers; do
  DATABASE_URL="$(role_url "${seed#*:}")" node -r @swc-node/register "services/${seed%%:*}/src/seed-dev.ts" >>"$LOG_DIR/seed.log" 2>&1 || die "seeding ${seed%%:*} failed (see $LOG_DIR/seed.log)"
done

# From here on one supervisor runs every process in the foreground: a process
# that dies is restarted with backoff, Ctrl-C or SIGTERM stops them all.
# `exec` here and in package.json ("exec bash …"): npm forwards SIGINT and SIGTERM
# to its child only, and an intermediate sh or bash would not pass them on.
exec node -r @swc-node/register deploy/dev/run-platform.ts
