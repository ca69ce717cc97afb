package sqlite

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/huntflow/huntflow"
)

// writeStore makes a store at path holding n events whose IDs start with
// prefix, and closes it, as an ingest run does.
func writeStore(t *testing.T, path, prefix string, n int) {
	t.Helper()
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	batch := make([]huntflow.Event, n)
	for i := range batch {
		batch[i] = ev(fmt.Sprintf("%s%d", prefix, i), t0.Add(time.Duration(i)*time.Second))
	}
	mustWrite(t, db, batch...)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

func count(t *testing.T, s huntflow.Store) (int, error) {
	t.Helper()
	st, err := s.Stats(context.Background(), huntflow.Query{})
	return st.Events, err
}

func TestOpenReaderNeverCreatesOrWrites(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.db")
	writeStore(t, good, "g", 3)
	empty := filepath.Join(dir, "empty.db")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	garbage := filepath.Join(dir, "garbage.db")
	if err := os.WriteFile(garbage, []byte(strings.Repeat("not a database ", 1000)), 0o644); err != nil {
		t.Fatal(err)
	}
	foreign := filepath.Join(dir, "foreign.db")
	if db, err := Open(context.Background(), foreign); err != nil {
		t.Fatal(err)
	} else {
		db.w.Exec("PRAGMA user_version = 0; DROP TABLE events")
		db.Close()
	}
	missing := filepath.Join(dir, "sub", "missing.db")
	odd := filepath.Join(dir, "a b#c%d.db")
	writeStore(t, odd, "o", 2)

	tests := []struct {
		name, path string
		noStore    bool   // error wraps ErrNoStore
		errHas     string // "" means it opens
		events     int
	}{
		{"store", good, false, "", 3},
		{"path with URI characters", odd, false, "", 2},
		{"missing file", missing, true, "no store at " + missing + ": run ingest first", 0},
		{"empty file", empty, true, "is an empty file: run ingest first", 0},
		{"file without schema", foreign, true, "not a huntflow store", 0},
		{"garbage", garbage, false, "not a database", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before, _ := os.ReadFile(tc.path)
			db, err := OpenReader(context.Background(), tc.path)
			if tc.errHas != "" {
				if err == nil {
					db.Close()
					t.Fatal("opened")
				}
				if !strings.Contains(err.Error(), tc.errHas) || errors.Is(err, ErrNoStore) != tc.noStore {
					t.Fatalf("err = %v, want %q (ErrNoStore: %v)", err, tc.errHas, tc.noStore)
				}
			} else {
				if err != nil {
					t.Fatal(err)
				}
				if n, err := count(t, db); err != nil || n != tc.events {
					t.Fatalf("%d events (%v), want %d", n, err, tc.events)
				}
				if _, err := db.Write(context.Background(), []huntflow.Event{ev("new", t0)}); err == nil {
					t.Fatal("wrote through a reader")
				}
				db.Close()
			}
			after, err := os.ReadFile(tc.path)
			if tc.path == missing {
				if err == nil || !errors.Is(err, os.ErrNotExist) {
					t.Fatalf("reader created %s", tc.path)
				}
				return
			}
			if string(after) != string(before) {
				t.Fatal("reader changed the file")
			}
		})
	}
}

// TestReaderFollowsTheFile replaces, deletes and re-creates the file under a
// Reader that has it open: each call reads the file now at the path, never
// the one it opened first.
func TestReaderFollowsTheFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "events.db")
	writeStore(t, path, "v1-", 5)
	ctx := context.Background()
	r, err := NewReader(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()

	steps := []struct {
		name   string
		inject func(t *testing.T)
		want   int    // events read after the step
		gone   string // the call fails with ErrNoStore, saying this
	}{
		{"as opened", func(*testing.T) {}, 5, ""},
		{"replaced by rename", func(t *testing.T) {
			tmp := filepath.Join(dir, "next.db")
			writeStore(t, tmp, "v2-", 7)
			if err := os.Rename(tmp, path); err != nil {
				t.Fatal(err)
			}
		}, 7, ""},
		{"deleted", func(t *testing.T) {
			if err := os.Remove(path); err != nil {
				t.Fatal(err)
			}
		}, 0, "no store at " + path + ": run ingest first"},
		{"re-ingested at the same path", func(t *testing.T) { writeStore(t, path, "v3-", 2) }, 2, ""},
		{"ingest adds to it", func(t *testing.T) { writeStore(t, path, "v4-", 4) }, 6, ""},
		// An empty file appears (an ingest starting, or a stray touch):
		// an error until ingest fills that same file.
		{"replaced by an empty file", func(t *testing.T) {
			os.Remove(path)
			if err := os.WriteFile(path, nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}, 0, "is an empty file: run ingest first"},
		{"ingest fills the empty file", func(t *testing.T) { writeStore(t, path, "v5-", 3) }, 3, ""},
	}
	for _, s := range steps {
		s.inject(t)
		n, err := count(t, r)
		if s.gone != "" {
			if !errors.Is(err, ErrNoStore) || !strings.Contains(err.Error(), s.gone) {
				t.Fatalf("%s: %d events, err %v; want %q", s.name, n, err, s.gone)
			}
			fi, err := os.Stat(path)
			if strings.HasPrefix(s.gone, "no store") && !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("%s: the reader created the file (%v)", s.name, err)
			}
			if err == nil && fi.Size() > 0 {
				t.Fatalf("%s: the reader wrote the file", s.name)
			}
			continue
		}
		if err != nil || n != s.want {
			t.Fatalf("%s: %d events (%v), want %d", s.name, n, err, s.want)
		}
		var ids int
		if err := r.Search(ctx, huntflow.Query{}, func(*huntflow.Event) error { ids++; return nil }); err != nil || ids != s.want {
			t.Fatalf("%s: search read %d events (%v), want %d", s.name, ids, err, s.want)
		}
	}
}

// TestReaderUnreadable: a file made unreadable fails the call rather than
// being read through connections opened before. Root reads through chmod,
// so there a file replaced with garbage stands in.
func TestReaderUnreadable(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "events.db")
	writeStore(t, path, "v1-", 3)
	r, err := NewReader(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if n, err := count(t, r); err != nil || n != 3 {
		t.Fatalf("%d events (%v)", n, err)
	}
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0); err != nil {
		t.Fatal(err)
	}
	want := "not readable"
	if f, err := os.Open(path); err == nil {
		f.Close() // root: permission bits do not stop reads
		os.Chmod(path, 0o644)
		tmp := filepath.Join(dir, "garbage")
		if err := os.WriteFile(tmp, []byte(strings.Repeat("garbage!", 4096)), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, path); err != nil {
			t.Fatal(err)
		}
		want = "not a database"
	}
	if n, err := count(t, r); err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("%d events, err %v; want %q", n, err, want)
	}
	// Put back: the error clears.
	os.Remove(path)
	if err := os.WriteFile(path, good, 0o644); err != nil {
		t.Fatal(err)
	}
	if n, err := count(t, r); err != nil || n != 3 {
		t.Fatalf("after restoring: %d events (%v)", n, err)
	}
}

// TestReaderCallKeepsItsFile: a page stream that began before the file was
// replaced reads the old file to its end; the next call reads the new one.
func TestReaderCallKeepsItsFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "events.db")
	writeStore(t, path, "v1-", 40)
	ctx := context.Background()
	r, err := NewReader(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	read := 0
	err = r.SearchPages(ctx, huntflow.Query{}, 10, func(page []*huntflow.Event) error {
		if read == 0 {
			tmp := filepath.Join(dir, "next.db")
			writeStore(t, tmp, "v2-", 3)
			if err := os.Rename(tmp, path); err != nil {
				t.Fatal(err)
			}
			// A nested call reads the file now at the path.
			if n, err := count(t, r); err != nil || n != 3 {
				t.Errorf("nested call: %d events (%v), want 3", n, err)
			}
		}
		for _, e := range page {
			if !strings.HasPrefix(e.ID, "v1-") {
				t.Errorf("stream mixed in %s", e.ID)
			}
		}
		read += len(page)
		return nil
	})
	if err != nil || read != 40 {
		t.Fatalf("streamed %d events (%v), want 40", read, err)
	}
	if n, err := count(t, r); err != nil || n != 3 {
		t.Fatalf("after the stream: %d events (%v), want 3", n, err)
	}
}

// TestOpenDropsTheLogOfADeletedStore: a store deleted while still open
// leaves its -wal file behind; an ingest at the same path must start empty,
// not replay the deleted store's log into the new file.
func TestOpenDropsTheLogOfADeletedStore(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "events.db")
	ctx := context.Background()
	old, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	mustWrite(t, old, ev("old-1", t0), ev("old-2", t0), ev("old-3", t0))
	// A worker still reading the old file keeps its log in place.
	rd, err := OpenReader(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	if n, err := count(t, rd); err != nil || n != 3 {
		t.Fatalf("%d (%v)", n, err)
	}
	if _, err := os.Stat(path + "-wal"); err != nil {
		t.Fatalf("no -wal next to an open store: %v", err)
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	writeStore(t, path, "new-", 1)
	r, err := OpenReader(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if n, err := count(t, r); err != nil || n != 1 {
		t.Fatalf("new store: %d events (%v), want 1", n, err)
	}
	// The process still reading the deleted store reads it whole.
	if n, err := count(t, rd); err != nil || n != 3 {
		t.Fatalf("old reader: %d events (%v), want 3", n, err)
	}
}

// TestReaderConcurrentSwaps: calls racing replacements of the file each
// read one whole store, old or new, and every handle is closed in the end.
func TestReaderConcurrentSwaps(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "events.db")
	writeStore(t, path, "a-", 5)
	next := filepath.Join(dir, "next.db")
	writeStore(t, next, "b-", 8)
	ctx := context.Background()
	r, err := NewReader(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	errc := make(chan error, 4)
	for range 4 {
		go func() {
			for {
				select {
				case <-stop:
					errc <- nil
					return
				default:
				}
				n, err := count(t, r)
				if err == nil && n != 5 && n != 8 {
					err = fmt.Errorf("read %d events, want 5 or 8", n)
				}
				if err != nil && !errors.Is(err, ErrNoStore) {
					errc <- err
					return
				}
			}
		}()
	}
	// Swap the two files back and forth under the readers.
	tmp := filepath.Join(dir, "tmp.db")
	for range 20 {
		if err := os.Rename(path, tmp); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(next, path); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, next); err != nil {
			t.Fatal(err)
		}
		time.Sleep(2 * time.Millisecond)
	}
	close(stop)
	for range 4 {
		if err := <-errc; err != nil {
			t.Fatal(err)
		}
	}
	r.Close()
	if r.cur != nil {
		t.Fatal("a handle outlived Close")
	}
}
