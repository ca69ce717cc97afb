# Shared helpers for huntflow's scripts. Source it; don't run it.

TEMPORAL_VERSION=v1.5.1
TEMPORAL_PORT=${TEMPORAL_PORT:-7233}
TEMPORAL_UI_PORT=${TEMPORAL_UI_PORT:-8233}
RUN_DIR=${RUN_DIR:-.run}

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# temporal_bin prints the path of the Temporal CLI, installing it with
# `go install` (a few minutes, once) when it is missing.
temporal_bin() {
	if command -v temporal >/dev/null 2>&1; then command -v temporal; return; fi
	local gobin
	gobin=$(go env GOBIN); [ -n "$gobin" ] || gobin="$(go env GOPATH)/bin"
	if [ ! -x "$gobin/temporal" ]; then
		log "installing the Temporal CLI $TEMPORAL_VERSION (go install, about 3 minutes, once)"
		go install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_VERSION" >&2
	fi
	echo "$gobin/temporal"
}

temporal_up() {
	(exec 3<>"/dev/tcp/127.0.0.1/$TEMPORAL_PORT") 2>/dev/null
}

# start_temporal starts the Temporal dev server (with its Web UI) in the
# background unless one is already listening, and waits until it answers.
start_temporal() {
	local bin=$1
	if temporal_up; then
		log "Temporal already listening on 127.0.0.1:$TEMPORAL_PORT"
		return
	fi
	mkdir -p "$RUN_DIR" data
	log "starting the Temporal dev server (gRPC :$TEMPORAL_PORT, Web UI http://localhost:$TEMPORAL_UI_PORT)"
	nohup "$bin" server start-dev --ip 127.0.0.1 --port "$TEMPORAL_PORT" --ui-port "$TEMPORAL_UI_PORT" \
		--db-filename data/temporal.db \
		--search-attribute ThreatLevel=Keyword --search-attribute Category=Keyword \
		>"$RUN_DIR/temporal.log" 2>&1 &
	echo $! >"$RUN_DIR/temporal.pid"
	for _ in $(seq 1 120); do
		if "$bin" operator cluster health --address "127.0.0.1:$TEMPORAL_PORT" >/dev/null 2>&1; then return; fi
		sleep 0.5
	done
	echo "Temporal did not come up; see $RUN_DIR/temporal.log" >&2
	return 1
}

stop_pidfile() {
	local f=$1
	if [ -f "$f" ]; then
		kill "$(cat "$f")" 2>/dev/null || true
		rm -f "$f"
	fi
}
