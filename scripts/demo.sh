#!/usr/bin/env bash
# The main job on the embedded default, from a fresh checkout: install the
# Temporal CLI if needed, start the dev server, build, ingest the bundled
# attack dataset into the embedded SQLite store, start a worker, run a hunt
# and leave report.md and report.html (and result.json) on disk.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

DATASET=${DATASET:-datasets/otrf/metasploit_logonpasswords_lsass_memory_dump.zip}
TIMESTAMP=${TIMESTAMP:-2023-08-15T09:53:00}
export HUNTFLOW_DB=${HUNTFLOW_DB:-data/huntflow.db}
export HUNTFLOW_REPORTS=${HUNTFLOW_REPORTS:-reports}
export TEMPORAL_ADDRESS=127.0.0.1:$TEMPORAL_PORT
export TEMPORAL_UI=http://localhost:$TEMPORAL_UI_PORT

bin=$(temporal_bin)
log "building worker, starter and ingest into bin/"
mkdir -p bin "$RUN_DIR"
go build -o bin/ ./worker ./starter ./cmd/ingest ./cmd/query
start_temporal "$bin"

log "ingesting $DATASET into $HUNTFLOW_DB"
bin/ingest --db "$HUNTFLOW_DB" "$DATASET"

if [ -f "$RUN_DIR/worker.pid" ] && kill -0 "$(cat "$RUN_DIR/worker.pid")" 2>/dev/null; then
	log "restarting the worker"
	stop_pidfile "$RUN_DIR/worker.pid"
	sleep 1
fi
log "starting a worker (log: $RUN_DIR/worker.log)"
nohup bin/worker >"$RUN_DIR/worker.log" 2>&1 &
echo $! >"$RUN_DIR/worker.pid"

log "hunting from $TIMESTAMP"
bin/starter --timestamp "$TIMESTAMP" --out report.md

cat >&2 <<MSG

Report:       $(pwd)/report.md
HTML report:  $(pwd)/report.html  (opens offline in a browser)
Temporal UI:  $TEMPORAL_UI  (hunts can be filtered by ThreatLevel and Category)
The dev server and the worker keep running for more hunts, e.g.
  bin/starter --timestamp $TIMESTAMP --window 10m
Stop them with: make stop
MSG
