# Shared by start.sh and test.sh. Sourced, not run.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export SWC_NODE_PROJECT="$REPO_ROOT/tsconfig.json"

say() { printf '\033[1mvigil:\033[0m %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

# Installs node_modules from the lockfile when missing or older than the lockfile.
ensure_node_modules() {
  local stamp="$REPO_ROOT/node_modules/.vigil-installed"
  if [ ! -f "$stamp" ] || [ "$REPO_ROOT/package-lock.json" -nt "$stamp" ]; then
    say "installing dependencies (npm ci)"
    (cd "$REPO_ROOT" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed"
    touch "$stamp"
  fi
}

# Builds (first run) or finds the pinned nats-server and Temporal CLI; exports their paths.
ensure_binaries() {
  local paths
  paths="$(bash "$REPO_ROOT/deploy/scripts/ensure-binaries.sh")" || die "building nats-server/temporal failed"
  eval "export $(echo "$paths" | tr '\n' ' ')"
}

# Postgres is the machine's own (DATABASE_URL); fail early with the fix if it is down.
ensure_postgres() {
  local admin_url="$1"
  node -e "
    const { Client } = require('pg');
    const c = new Client({ connectionString: process.argv[1], connectionTimeoutMillis: 3000 });
    c.connect().then(() => c.end(), (e) => { console.error(e.message); process.exit(1); });
  " "$admin_url" 2>/dev/null || die "PostgreSQL does not answer at ${admin_url%%\?*}. Start it (here: pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start) or set DATABASE_URL."
}
