#!/usr/bin/env bash
# Runs node, the project's pinned Node 24 where the machine's is older (see ensure_node), with TypeScript through SWC.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_node
exec node -r @swc-node/register "$@"
