#!/bin/sh
# docker-compose.yml's one-shot step after the Temporal server is up: registers the
# namespace Vigil's workers and clients use (auto-setup used to do this).
set -eu
namespace="${TEMPORAL_NAMESPACE:-default}"
if temporal operator namespace describe --namespace "$namespace" >/dev/null 2>&1; then
  echo "namespace $namespace exists"
else
  temporal operator namespace create --namespace "$namespace" --retention 30d
fi
