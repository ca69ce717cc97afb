package app

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/huntflow/huntflow/sqlite"
)

// TestOpenStoreNeedsAStore: a worker (and query) refuses to start on a
// missing or empty file with a reason that says what to do, and leaves no
// file behind.
func TestOpenStoreNeedsAStore(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.db")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "data", "huntflow.db")
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	for _, tc := range []struct{ name, path, want string }{
		{"missing", missing, "open sqlite store: no store at " + missing + ": run ingest first"},
		{"empty file", empty, "is an empty file: run ingest first"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := OpenStore(context.Background(), Config{Store: "sqlite", DBPath: tc.path}, func(string) string { return "" }, logger)
			if err == nil || !errors.Is(err, sqlite.ErrNoStore) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
			if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
				t.Fatal("opening created the store file")
			}
		})
	}
}
