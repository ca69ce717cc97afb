// Command ingest reads Windows security-event logs, as JSON lines (.json,
// .jsonl, .json.gz), JSON documents (pretty-printed EVTX renderings, arrays)
// or Windows .evtx files, alone or in .zip, .tar.gz/.tgz archives or
// directories, into the
// embedded SQLite store, or into Elasticsearch with --store elasticsearch
// (connection from ELASTICSEARCH_URL or ELASTICSEARCH_CLOUD_ID +
// ELASTIC_API_KEY):
//
//	ingest [--store sqlite|elasticsearch] [--db data/huntflow.db] [--workers N] [--batch N] [--quiet] PATH...
//
// It prints a one-line summary to stdout and the first malformed lines to
// stderr. It exits 0 when any event was read, 1 when nothing could be read
// or the store failed, and 2 on a usage error.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"syscall"

	"golang.org/x/term"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/elastic"
	"github.com/huntflow/huntflow/ingest"
	"github.com/huntflow/huntflow/sqlite"
)

// maxBadShown caps the malformed lines listed on stderr.
const maxBadShown = 20

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ingest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: ingest [flags] PATH...\n\nPATH is a .json/.jsonl file (JSON lines or JSON documents), .json.gz, .evtx, .zip, .tar.gz/.tgz or a directory.\n\n")
		fs.PrintDefaults()
	}
	store := fs.String("store", envOr("HUNTFLOW_STORE", "sqlite"), "where events go: sqlite or elasticsearch (env HUNTFLOW_STORE)")
	dbPath := fs.String("db", envOr("HUNTFLOW_DB", "data/huntflow.db"), "SQLite store file (env HUNTFLOW_DB)")
	workers := fs.Int("workers", 0, "goroutines parsing lines (0: one per CPU, less one for the SQLite writer)")
	batch := fs.Int("batch", ingest.DefaultBatchSize, "events per store write")
	quiet := fs.Bool("quiet", false, "no progress bar and no informational logs")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	switch {
	case fs.NArg() == 0:
		fmt.Fprintln(stderr, "ingest: no PATH given")
		fs.Usage()
		return 2
	case *workers < 0:
		fmt.Fprintf(stderr, "ingest: --workers must be 0 or more, got %d\n", *workers)
		return 2
	case *batch < 1:
		fmt.Fprintf(stderr, "ingest: --batch must be 1 or more, got %d\n", *batch)
		return 2
	}

	level := slog.LevelInfo
	if *quiet {
		level = slog.LevelWarn
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	if *store == "sqlite" || *store == "" {
		if *workers == 0 {
			*workers = sqliteWorkers()
		}
		if os.Getenv("GOGC") == "" {
			defer debug.SetGCPercent(debug.SetGCPercent(sqliteGCPercent))
		}
	}
	opts := ingest.Options{BatchSize: *batch, Workers: *workers, Logger: logger}
	if f, ok := stderr.(*os.File); ok && !*quiet && term.IsTerminal(int(f.Fd())) {
		opts.ProgressBar = stderr
	}

	sink, where, closeSink, err := openSink(ctx, *store, *dbPath, logger)
	if err != nil {
		fmt.Fprintf(stderr, "ingest: cannot open the store %s: %v\n", where, err)
		return 1
	}
	logger.Info("ingesting", "store", where, "paths", fs.NArg())
	sum, err := ingest.Files(ctx, sink, fs.Args(), opts)
	if cerr := closeSink(); cerr != nil && err == nil {
		err = fmt.Errorf("close store %s: %w", where, cerr)
	}

	fmt.Fprintln(stdout, sum.String())
	for _, b := range sum.BadLines[:min(maxBadShown, len(sum.BadLines))] {
		fmt.Fprintln(stderr, b.String())
	}
	if more := sum.Bad - min(maxBadShown, len(sum.BadLines)); more > 0 {
		fmt.Fprintf(stderr, "... and %d more\n", more)
	}
	if err != nil {
		if errors.Is(err, ingest.ErrNothingRead) {
			fmt.Fprintf(stderr, "ingest: nothing could be read: %v\n", err)
		} else {
			fmt.Fprintf(stderr, "ingest: %v\n", err)
		}
		return 1
	}
	return 0
}

// sqliteWorkers is how many parse workers go with the SQLite store. Its
// writes run on one goroutine, the slowest stage of the pipeline, which a
// worker per CPU beside it kept waiting for a CPU: on two cores a
// scheduler trace had it runnable but not running for ~0.35 s of a 0.95 s
// ingest. With one worker BenchmarkIngestToSQLite gave 61,700 events/s
// against 60,700 (median of 4 runs, quiet machine) and 102 MB of peak
// RSS against 116.
func sqliteWorkers() int { return max(1, runtime.GOMAXPROCS(0)-1) }

// sqliteGCPercent is the garbage collector's target while ingesting into
// SQLite, unless GOGC is set. Nearly all an ingest allocates (~7 KB per
// event) is garbage once the event's batch is written, so collecting half
// as often costs little memory and frees CPU, which the single writer
// shares with the parse workers: BenchmarkIngestToSQLite gave 65,500
// events/s against 61,700 (median of 4 quiet runs), 25.3 cpu-µs/event
// against 26.6, and 122 MB of peak RSS against 102.
const sqliteGCPercent = 200

// openSink opens the store events are written to.
func openSink(ctx context.Context, store, dbPath string, logger *slog.Logger) (huntflow.Sink, string, func() error, error) {
	switch store {
	case "sqlite", "":
		db, err := sqlite.Open(ctx, dbPath)
		if err != nil {
			return nil, dbPath, nil, err
		}
		return db, dbPath, db.Close, nil
	case "elasticsearch", "elastic":
		cfg, ok := elastic.ConfigFromEnv(os.Getenv)
		if !ok {
			return nil, "elasticsearch", nil, fmt.Errorf("set ELASTICSEARCH_URL, or ELASTICSEARCH_CLOUD_ID and ELASTIC_API_KEY")
		}
		es, err := elastic.Open(ctx, cfg, logger)
		if err != nil {
			return nil, cfg.String(), nil, err
		}
		// The index template first, so fields get their types (dates,
		// keywords, wildcard command lines) before the first document.
		if err := es.EnsureTemplate(ctx); err != nil {
			return nil, cfg.String(), nil, fmt.Errorf("index template: %w", err)
		}
		return es, "elasticsearch index " + es.Index(), func() error { return es.Close(ctx) }, nil
	}
	return nil, store, nil, fmt.Errorf("unknown store %q (want sqlite or elasticsearch)", store)
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
