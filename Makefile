.PHONY: demo test bench stop build eval

# The main job on the embedded default: Temporal dev server, ingest of the
# bundled dataset, a worker, a hunt, report.md.
demo:
	./scripts/demo.sh

# The tests (what CI runs).
test:
	./scripts/test.sh

build:
	go build -o bin/ ./worker ./starter ./cmd/ingest ./cmd/eval ./cmd/query ./cmd/rules ./cmd/codec-server

# Benchmarks that read ../shared/corpus when it is there.
bench:
	go test -run '^$$' -bench . -benchtime 3x ./cmd/ingest ./ingest ./sqlite ./sigma ./detect ./elastic ./integration

eval:
	go run ./cmd/eval --corpus ../shared/corpus

stop:
	@. scripts/lib.sh; stop_pidfile .run/worker.pid; stop_pidfile .run/temporal.pid; echo stopped
