#!/usr/bin/env bash
# The project's tests: vet, then every package's tests, including the
# integration tests that run hunts through a real Temporal dev server
# (the CLI is installed with `go install` when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

export HUNTFLOW_TEMPORAL_CLI=${HUNTFLOW_TEMPORAL_CLI:-$(temporal_bin)}
log "go vet ./..."
go vet ./...
log "go test ./... (Temporal CLI: $HUNTFLOW_TEMPORAL_CLI)"
go test -count=1 -timeout 20m "$@" ./...
