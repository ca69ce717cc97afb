// Command query runs a Kibana KQL query against huntflow's log store (the
// embedded SQLite file by default, Elasticsearch with HUNTFLOW_STORE) and
// prints the matching events in time order, so the report's hunting queries
// can be pasted and run on the embedded default as in Kibana's Discover:
//
//	query 'KQL' [--from T] [--to T] [--host H] [--limit N] [--json] [--count]
//
// Times read like the starter's --timestamp (no offset: UTC). It exits 0
// when the query ran (whatever it found), 1 when the store failed, and 2 on
// a usage error or a query that does not parse.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/app"
	"github.com/huntflow/huntflow/kql"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// maxCell caps a table cell: a command line can be kilobytes long.
const maxCell = 160

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("query", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: query [flags] 'KQL'\n\nRuns a Kibana KQL query (e.g. 'EventID:10 and TargetImage:*\\\\lsass.exe') against the store.\n\n")
		fs.PrintDefaults()
	}
	cfg := app.FromEnv(getenv)
	fs.StringVar(&cfg.Store, "store", cfg.Store, "sqlite or elasticsearch (env HUNTFLOW_STORE)")
	fs.StringVar(&cfg.DBPath, "db", cfg.DBPath, "SQLite store file (env HUNTFLOW_DB)")
	from := fs.String("from", "", "start of the time range, inclusive (e.g. 2023-08-15T09:53:00; no offset: UTC)")
	to := fs.String("to", "", "end of the time range, exclusive")
	host := fs.String("host", "", "only this host (case-insensitive)")
	limit := fs.Int("limit", 100, "print at most this many events (0: all)")
	asJSON := fs.Bool("json", false, "print events as JSON lines")
	countOnly := fs.Bool("count", false, "print only the number of matching events")
	// Flags may follow the query, as people type them.
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return 0
			}
			return 2
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(positional) != 1 {
		fmt.Fprintln(stderr, "query: want exactly one KQL query (quote it)")
		fs.Usage()
		return 2
	}
	if *limit < 0 {
		fmt.Fprintln(stderr, "query: --limit must be 0 or more")
		return 2
	}
	q := huntflow.Query{KQL: positional[0], Host: *host, Limit: *limit}
	if _, err := kql.Parse(q.KQL); err != nil {
		fmt.Fprintln(stderr, "query:", err)
		return 2
	}
	for _, tf := range []struct {
		s   string
		dst *time.Time
	}{{*from, &q.Start}, {*to, &q.End}} {
		if tf.s == "" {
			continue
		}
		t, err := huntflow.ParseTime(tf.s)
		if err != nil {
			fmt.Fprintln(stderr, "query:", err)
			return 2
		}
		*tf.dst = t
	}
	if !q.Start.IsZero() && !q.End.IsZero() && !q.End.After(q.Start) {
		fmt.Fprintln(stderr, "query: --to must be after --from")
		return 2
	}
	if (cfg.Store == "sqlite" || cfg.Store == "") && !fileExists(cfg.DBPath) {
		fmt.Fprintf(stderr, "query: no store at %s: run ingest first (or set --db / HUNTFLOW_DB)\n", cfg.DBPath)
		return 1
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	store, closeStore, err := app.OpenStore(ctx, cfg, getenv, logger)
	if err != nil {
		fmt.Fprintln(stderr, "query:", err)
		return 1
	}
	defer closeStore()

	total, err := store.Stats(ctx, q)
	if err != nil {
		fmt.Fprintln(stderr, "query:", err)
		return 1
	}
	if *countOnly {
		fmt.Fprintln(stdout, total.Events)
		return 0
	}
	if err := printEvents(ctx, store, q, *asJSON, stdout); err != nil {
		fmt.Fprintln(stderr, "query:", err)
		return 1
	}
	shown := total.Events
	if q.Limit > 0 && shown > q.Limit {
		shown = q.Limit
	}
	fmt.Fprintf(stderr, "%d matching events, %d shown\n", total.Events, shown)
	return 0
}

func printEvents(ctx context.Context, store huntflow.Store, q huntflow.Query, asJSON bool, stdout io.Writer) error {
	if asJSON {
		enc := json.NewEncoder(stdout)
		return store.Search(ctx, q, func(e *huntflow.Event) error {
			e.Raw = nil
			return enc.Encode(e)
		})
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TIME (UTC)\tHOST\tEVENT\tIMAGE\tCOMMAND LINE / TARGET")
	err := store.Search(ctx, q, func(e *huntflow.Event) error {
		what := e.CommandLine
		if what == "" {
			what = e.Ref().Target
		}
		_, err := fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\n", e.Time.UTC().Format("2006-01-02T15:04:05.000Z"),
			cell(e.Host), e.EventID, cell(e.Image), cell(what))
		return err
	})
	if err != nil {
		return err
	}
	return tw.Flush()
}

// cell makes a value safe for one table cell: no line breaks or tabs (log
// content is attacker-controlled and must not forge rows) and bounded.
func cell(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	return huntflow.Truncate(s, maxCell)
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}
