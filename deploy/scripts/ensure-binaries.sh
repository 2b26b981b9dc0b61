#!/usr/bin/env bash
# Builds the pinned infrastructure binaries Vigil runs against (nats-server, the
# Temporal CLI dev server, Prometheus Alertmanager) from Go modules and caches them outside the clone, so a
# fresh machine needs only Go and the module proxy. Idempotent: a cached binary is
# reused. Prints NATS_SERVER_BIN=…, TEMPORAL_BIN=… and ALERTMANAGER_BIN=… (source-able).
set -euo pipefail

NATS_SERVER_VERSION="${NATS_SERVER_VERSION:-v2.12.15}"
TEMPORAL_CLI_VERSION="${TEMPORAL_CLI_VERSION:-v1.5.1}"
# A real alert sender for the end-to-end tests. 0.28.x is the newest whose module
# builds with `go install`: later ones embed a web UI build that the module lacks.
ALERTMANAGER_VERSION="${ALERTMANAGER_VERSION:-v0.28.1}"
CACHE_DIR="${VIGIL_BIN_CACHE:-$HOME/.cache/vigil/bin}"

export PATH="$PATH:/usr/local/go/bin"
command -v go >/dev/null || { echo "ensure-binaries: Go is required (expected at /usr/local/go/bin)" >&2; exit 1; }
mkdir -p "$CACHE_DIR"

build() { # name version package-or-dir
  local name="$1" version="$2" target="$3" out="$CACHE_DIR/$1-$2"
  if [ -x "$out" ]; then return 0; fi
  echo "ensure-binaries: building $name $version (first run only, takes a few minutes)" >&2
  local tmp; tmp="$(mktemp -d)"
  GOBIN="$tmp" CGO_ENABLED=0 go install -trimpath "$target@$version"
  mv "$tmp/$name" "$out"
  rm -rf "$tmp"
}

build nats-server "$NATS_SERVER_VERSION" github.com/nats-io/nats-server/v2 &
nats_pid=$!
build temporal "$TEMPORAL_CLI_VERSION" github.com/temporalio/cli/cmd/temporal &
temporal_pid=$!
build alertmanager "$ALERTMANAGER_VERSION" github.com/prometheus/alertmanager/cmd/alertmanager &
alertmanager_pid=$!
# The builds run in parallel; fail if any failed.
wait $nats_pid
wait $temporal_pid
wait $alertmanager_pid
echo "NATS_SERVER_BIN=$CACHE_DIR/nats-server-$NATS_SERVER_VERSION"
echo "TEMPORAL_BIN=$CACHE_DIR/temporal-$TEMPORAL_CLI_VERSION"
echo "ALERTMANAGER_BIN=$CACHE_DIR/alertmanager-$ALERTMANAGER_VERSION"
