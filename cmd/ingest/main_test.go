package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/internal/testshared"
	"github.com/huntflow/huntflow/sqlite"
)

func runIngest(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestUsageErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	for _, args := range [][]string{
		{"--db", db},
		{"--db", db, "--batch", "0", "f.json"},
		{"--db", db, "--workers", "-1", "f.json"},
		{"--no-such-flag", "f.json"},
	} {
		if code, _, _ := runIngest(t, args...); code != 2 {
			t.Errorf("ingest %q: exit %d, want 2", args, code)
		}
	}
}

func TestNothingRead(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := runIngest(t, "--quiet", "--db", filepath.Join(dir, "x.db"), filepath.Join(dir, "missing.json"))
	if code != 1 || !strings.Contains(stderr, "nothing could be read") || !strings.HasPrefix(stdout, "ingested 0 events") {
		t.Errorf("exit %d\nstdout %s\nstderr %s\nwant exit 1 and a clear message", code, stdout, stderr)
	}
}

func TestIngestFixture(t *testing.T) {
	db := filepath.Join(t.TempDir(), "events.db")
	fixture := filepath.Join("..", "..", "ingest", "testdata", "malformed.json")
	code, stdout, stderr := runIngest(t, "--quiet", "--db", db, fixture)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.HasPrefix(stdout, "ingested 3 events (3 new, 0 duplicates, 9 bad lines) from 1 file, ") {
		t.Errorf("stdout %q", stdout)
	}
	if !strings.Contains(stderr, fixture+":4: no UTC timestamp (EventTime is local time)\n") {
		t.Errorf("stderr does not name line 4:\n%s", stderr)
	}
	code, stdout, _ = runIngest(t, "--quiet", "--db", db, fixture)
	if code != 0 || !strings.HasPrefix(stdout, "ingested 3 events (0 new, 3 duplicates, 9 bad lines)") {
		t.Errorf("re-ingest: exit %d, stdout %q", code, stdout)
	}

	// The store encodes bodies ahead of its writes (sqlite.DB.Prepare):
	// each event must still read back with its fields and raw line.
	ctx := context.Background()
	store, err := sqlite.OpenReader(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	n := 0
	err = store.Search(ctx, huntflow.Query{}, func(e *huntflow.Event) error {
		n++
		if len(e.Fields) == 0 {
			return fmt.Errorf("event %s read back without its fields: %v", e.ID, e.Fields)
		}
		raw, err := store.Raw(ctx, e.ID)
		if err != nil || !json.Valid(raw) {
			return fmt.Errorf("event %s: raw %q, %v", e.ID, raw, err)
		}
		return nil
	})
	if err != nil || n != 3 {
		t.Errorf("read back %d events, %v; want 3", n, err)
	}
}

func TestManyBadLinesAndEnvDB(t *testing.T) {
	dir := t.TempDir()
	input := filepath.Join(dir, "in.json")
	data := `{"EventID":1,"@timestamp":"2023-08-15T09:53:48Z","Hostname":"ws1"}` + "\n" + strings.Repeat("{oops\n", 25)
	if err := os.WriteFile(input, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "env.db")
	t.Setenv("HUNTFLOW_DB", db)
	code, _, stderr := runIngest(t, "--quiet", input)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if n := len(regexp.MustCompile(`(?m)^.*in\.json:\d+: invalid JSON`).FindAllString(stderr, -1)); n != 20 {
		t.Errorf("%d bad lines listed, want 20:\n%s", n, stderr)
	}
	if !strings.Contains(stderr, "... and 5 more\n") {
		t.Errorf("stderr lacks the rest count:\n%s", stderr)
	}
	if _, err := os.Stat(db); err != nil {
		t.Errorf("HUNTFLOW_DB not used: %v", err)
	}
}

func TestStoreChoice(t *testing.T) {
	t.Setenv("ELASTICSEARCH_URL", "")
	t.Setenv("ELASTICSEARCH_CLOUD_ID", "")
	tests := []struct {
		store, want string
	}{
		{"nosuchstore", `unknown store "nosuchstore"`},
		{"elasticsearch", "set ELASTICSEARCH_URL"},
	}
	for _, tt := range tests {
		code, _, stderr := runIngest(t, "--quiet", "--store", tt.store, "--db", filepath.Join(t.TempDir(), "x.db"), "f.json")
		if code != 1 || !strings.Contains(stderr, tt.want) {
			t.Errorf("--store %s: exit %d, stderr %q; want exit 1 mentioning %q", tt.store, code, stderr, tt.want)
		}
	}
}

// TestHostileLinesAreBadLines: lines that crashed ingest or made it take
// hundreds of MB are named bad lines, and the run goes on.
func TestHostileLinesAreBadLines(t *testing.T) {
	dir := t.TempDir()
	input := filepath.Join(dir, "in.json")
	lines := []string{
		`{"EventID":1,"@timestamp":"2023-08-15T09:53:48Z","Hostname":"ws1"}`,
		`{"EventID":1,"TimeCreated":"/Date()/"}`,
		`{"EventID":1,"@timestamp":"2023-08-15T09:53:48Z","` + strings.Repeat("A", 50000) + `":{"a":1}}`,
	}
	if err := os.WriteFile(input, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runIngest(t, "--quiet", "--db", filepath.Join(dir, "x.db"), input)
	if code != 0 || !strings.HasPrefix(stdout, "ingested 1 events (1 new, 0 duplicates, 2 bad lines)") {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
	for _, want := range []string{input + `:2: bad timestamp: TimeCreated "/Date()/"`, input + ":3: key "} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}

// TestIngestSigmaHQRegressionData reads SigmaHQ's regression data, a folder
// of .evtx logs with their JSON renderings, into a store: every file is
// read and nothing is bad. (A log and its rendering hold the same events;
// conformance/ checks that their fields agree.)
func TestIngestSigmaHQRegressionData(t *testing.T) {
	dir := testshared.Path(t, "sigma/regression_data")
	var logs int
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".evtx") {
			logs++
		}
		return err
	})
	db := filepath.Join(t.TempDir(), "events.db")
	code, stdout, stderr := runIngest(t, "--quiet", "--db", db, dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	m := regexp.MustCompile(`^ingested (\d+) events \(\d+ new, \d+ duplicates, 0 bad lines\) from (\d+) files`).FindStringSubmatch(stdout)
	if m == nil || m[2] != strconv.Itoa(2*logs) {
		t.Fatalf("stdout %q; want every one of the %d logs and %d JSON renderings read, no bad lines\n%s", stdout, logs, logs, stderr)
	}
	if n, _ := strconv.Atoi(m[1]); n < logs || n%2 != 0 {
		t.Errorf("%s events from %d logs and their renderings", m[1], logs)
	}
}

// TestGCPercentRestored checks that the GC target an ingest into SQLite
// sets for itself is undone when run returns: tests and callers in the
// same process keep theirs.
func TestGCPercentRestored(t *testing.T) {
	t.Setenv("GOGC", "")
	prev := debug.SetGCPercent(123)
	defer debug.SetGCPercent(prev)
	fixture := filepath.Join("..", "..", "ingest", "testdata", "malformed.json")
	if code, _, stderr := runIngest(t, "--quiet", "--db", filepath.Join(t.TempDir(), "x.db"), fixture); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if got := debug.SetGCPercent(prev); got != 123 {
		t.Errorf("GC percent after an ingest = %d, want 123", got)
	}
}
