package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/sqlite"
)

func testDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "events.db")
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2023, 8, 15, 9, 53, 0, 0, time.UTC)
	evs := []huntflow.Event{
		{ID: "a", Time: t0, EventID: 1, Host: "WS01", Image: `C:\Windows\System32\rundll32.exe`,
			CommandLine: "rundll32 comsvcs.dll, MiniDump 624 out.dmp full\r\nFAKE\tROW",
			Fields:      map[string]string{"Image": `C:\Windows\System32\rundll32.exe`}, Raw: []byte(`{}`)},
		{ID: "b", Time: t0.Add(time.Minute), EventID: 10, Host: "WS01", Image: `C:\Windows\System32\rundll32.exe`,
			Fields: map[string]string{"SourceImage": `C:\Windows\System32\rundll32.exe`, "TargetImage": `C:\Windows\system32\lsass.exe`}, Raw: []byte(`{}`)},
		{ID: "c", Time: t0.Add(2 * time.Minute), EventID: 1, Host: "WS02", Image: `C:\Windows\System32\notepad.exe`,
			CommandLine: "notepad", Fields: map[string]string{}, Raw: []byte(`{}`)},
	}
	if _, err := db.Write(context.Background(), evs); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func runQuery(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	getenv := func(string) string { return "" }
	code := run(context.Background(), args, getenv, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestQueryTable(t *testing.T) {
	db := testDB(t)
	code, out, errOut := runQuery(t, "--db", db, `EventID:(1 or 10) and Image:*\\rundll32.exe`)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("want a header and 2 rows, got:\n%s", out)
	}
	if !strings.Contains(lines[1], "2023-08-15T09:53:00.000Z") || !strings.Contains(lines[1], "MiniDump") || !strings.Contains(lines[1], "FAKE ROW") {
		t.Errorf("row 1: %q", lines[1])
	}
	if !strings.Contains(lines[2], `lsass.exe`) {
		t.Errorf("row 2 shows the target: %q", lines[2])
	}
	if !strings.Contains(errOut, "2 matching events, 2 shown") {
		t.Errorf("summary: %q", errOut)
	}
}

func TestQueryFlagsAfterQueryAndJSON(t *testing.T) {
	db := testDB(t)
	code, out, errOut := runQuery(t, `EventID:1`, "--db", db, "--json", "--from", "2023-08-15T09:54:00", "--host", "ws02")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var e huntflow.Event
	if err := json.Unmarshal([]byte(out), &e); err != nil || e.ID != "c" {
		t.Fatalf("want event c as JSON, got %q (%v)", out, err)
	}
	code, out, _ = runQuery(t, "--db", db, "--count", `not EventID:10`)
	if code != 0 || strings.TrimSpace(out) != "2" {
		t.Errorf("--count: exit %d, %q", code, out)
	}
	code, _, errOut = runQuery(t, "--db", db, "--limit", "1", `EventID:*`)
	if code != 0 || !strings.Contains(errOut, "3 matching events, 1 shown") {
		t.Errorf("--limit: exit %d, %q", code, errOut)
	}
}

func TestQueryErrors(t *testing.T) {
	db := testDB(t)
	tests := []struct {
		name string
		args []string
		code int
		say  string
	}{
		{"syntax error points at it", []string{"--db", db, `EventID:(1 or`}, 2, "position"},
		{"no query", []string{"--db", db}, 2, "want exactly one"},
		{"two queries", []string{"--db", db, "a", "b"}, 2, "want exactly one"},
		{"bad time", []string{"--db", db, "--from", "yesterday", "a"}, 2, "bad timestamp"},
		{"empty range", []string{"--db", db, "--from", "2023-08-15T10:00:00", "--to", "2023-08-15T09:00:00", "a"}, 2, "after --from"},
		{"missing store is not created", []string{"--db", filepath.Join(t.TempDir(), "none.db"), "a"}, 1, "run ingest first"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := runQuery(t, tc.args...)
			if code != tc.code || !strings.Contains(errOut, tc.say) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errOut, tc.code, tc.say)
			}
		})
	}
}
