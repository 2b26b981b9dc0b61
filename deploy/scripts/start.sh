#!/usr/bin/env bash
# `npm start`: the whole platform on local defaults, in the foreground (Ctrl-C stops it).
# Installs dependencies, builds/starts nats-server and the Temporal dev server
# (SQLite), uses the machine's PostgreSQL, migrates every service, seeds the
# demo data (dev mode only) and starts every Vigil process. State lives in .vigil/.
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
  TICKETING_PORT="${TICKETING_PORT:-3020}" NOTIFICATIONS_PORT="${NOTIFICATIONS_PORT:-3030}" IDENTITY_PORT="${IDENTITY_PORT:-3040}"
[ "${NODE_ENV:-development}" != "production" ] || die "npm start is the dev launcher; production runs the images (docker-compose.yml)"

ensure_node_modules
ensure_binaries

# Dev credentials: generated once, kept out of git, shown at the end.
DEV_ENV="$STATE_DIR/dev.env"
node -r @swc-node/register deploy/dev/dev-credentials.ts "$DEV_ENV" || die "could not write $DEV_ENV"
set -a; source "$DEV_ENV"; set +a

pids=()
stop_all() {
  say "stopping"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_all EXIT
trap 'exit 130' INT TERM

spawn() { # name command...
  local name="$1"; shift
  "$@" >>"$LOG_DIR/$name.log" 2>&1 &
  pids+=($!)
}
wait_port() { # name port
  for _ in $(seq 1 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null && return 0
    sleep 0.2
  done
  die "$1 did not open port $2 (see $LOG_DIR/$1.log)"
}
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in "$NATS_PORT" "$TEMPORAL_PORT" "$DEV_MAILBOX_PORT" "$API_GATEWAY_PORT" "$MONITORING_INGEST_PORT" "$TICKETING_PORT" "$NOTIFICATIONS_PORT" "$IDENTITY_PORT"; do
  port_free "$port" || die "port $port is already in use (is Vigil already running?)"
done

# NATS JetStream, fsync on every write as in production.
mkdir -p "$STATE_DIR/nats"
cat >"$STATE_DIR/nats-server.conf" <<CONF
listen: 127.0.0.1:$NATS_PORT
jetstream {
  store_dir: "$STATE_DIR/nats"
  sync_interval: always
}
CONF
spawn nats-server "$NATS_SERVER_BIN" -c "$STATE_DIR/nats-server.conf"
spawn temporal "$TEMPORAL_BIN" server start-dev --ip 127.0.0.1 --port "$TEMPORAL_PORT" --ui-port "$TEMPORAL_UI_PORT" \
  --db-filename "$STATE_DIR/temporal.db" --log-level warn
spawn mailbox node -r @swc-node/register deploy/dev/dev-mailbox.ts

ADMIN_URL="$(node -e "const u = new URL(process.argv[1]); u.pathname = '/postgres'; console.log(u.toString())" "$DATABASE_URL")"
ensure_postgres "$ADMIN_URL"
node -e "
  const { Client } = require('pg');
  const db = new URL(process.argv[2]).pathname.slice(1);
  const c = new Client({ connectionString: process.argv[1] });
  c.connect()
    .then(() => c.query('SELECT 1 FROM pg_database WHERE datname = \$1', [db]))
    .then((r) => (r.rowCount ? null : c.query('CREATE DATABASE \"' + db.replace(/\"/g, '') + '\"')))
    .then(() => c.end(), (e) => { console.error(e.message); process.exit(1); });
" "$ADMIN_URL" "$DATABASE_URL" || die "could not create the database in $DATABASE_URL"

SERVICES=(identity monitoring-ingest ticketing notifications api-gateway)
for service in "${SERVICES[@]}"; do
  say "migrating $service"
  node -r @swc-node/register "services/$service/src/migrate.ts" >>"$LOG_DIR/migrate.log" 2>&1 || die "migrating $service failed (see $LOG_DIR/migrate.log)"
done
for service in identity monitoring-ingest ticketing; do
  node -r @swc-node/register "services/$service/src/seed-dev.ts" >>"$LOG_DIR/seed.log" 2>&1 || die "seeding $service failed (see $LOG_DIR/seed.log)"
done

wait_port nats-server "$NATS_PORT"
wait_port temporal "$TEMPORAL_PORT"
run_node() { # name entry
  OTEL_SERVICE_NAME="$1" spawn "$1" node -r @swc-node/register -r ./libs/platform/observability/src/instrumentation.ts "$2"
}
for service in "${SERVICES[@]}"; do run_node "$service" "services/$service/src/main.ts"; done
run_node workflow-worker workflows/worker/src/main.ts

wait_ready() { # name port
  for _ in $(seq 1 300); do
    curl -fsS "http://127.0.0.1:$2/health/ready" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  die "$1 is not ready on port $2 (see $LOG_DIR/$1.log)"
}
wait_ready api-gateway "$API_GATEWAY_PORT"
wait_ready monitoring-ingest "$MONITORING_INGEST_PORT"
wait_ready ticketing "$TICKETING_PORT"
wait_ready notifications "$NOTIFICATIONS_PORT"
wait_ready identity "$IDENTITY_PORT"

cat >&2 <<INFO

  Vigil is up (logs in .vigil/logs, demo credentials in .vigil/dev.env):

    api-gateway        http://127.0.0.1:$API_GATEWAY_PORT/v1/tickets   (sign in: POST /v1/auth/sign-in, see README)
    monitoring-ingest  http://127.0.0.1:$MONITORING_INGEST_PORT/v1/alerts/alertmanager   (Bearer \$VIGIL_DEMO_MONITORING_KEY)
    ticketing          http://127.0.0.1:$TICKETING_PORT/health
    notifications      http://127.0.0.1:$NOTIFICATIONS_PORT/health
    identity           http://127.0.0.1:$IDENTITY_PORT/health
    Temporal UI        http://127.0.0.1:$TEMPORAL_UI_PORT
    NATS               $NATS_URL
    mail               .vigil/mail/ (SMTP on 127.0.0.1:$DEV_MAILBOX_PORT)
    email replies      SMTP on 127.0.0.1:${INBOUND_SMTP_PORT:-2525} (reply to a ticket email's Reply-To address)

  Ctrl-C stops everything.
INFO

# Stay in the foreground; if any process dies, stop the rest.
wait -n "${pids[@]}" || true
say "a process exited; see $LOG_DIR"
exit 1
