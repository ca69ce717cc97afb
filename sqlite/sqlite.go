// Package sqlite is huntflow's embedded log store: events in one SQLite file
// (pure Go, modernc.org/sqlite), written by ingest and read by hunts. The
// file is in WAL mode, so a hunt can read while an ingest writes, even from
// another process.
package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/huntflow/huntflow"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// schemaVersion is stored in PRAGMA user_version; Open refuses files written
// by a newer schema and is where migrations from older ones will go.
//
// Version 2 keys events by (ts, id) where version 1 had id as its primary
// key. Ingest's IDs are hashes of the line, so each one indexed alone was a
// random insert into a B-tree as large as the store: a fifth of the
// writer's time, and most of the pages each commit rewrote. (ts, id) is
// nearly append-only, it was indexed already for paging by time, and it
// dedups the same lines, because an event's time is read from its line
// too. Nothing looks events up by ID alone. Version 1 also indexed
// parent_process_guid, which no query has used. Version 1 files need no
// migration: the same statements read and write them, and their primary
// key keeps deduplicating by ID alone.
const schemaVersion = 2

const (
	// pageSize is fixed when the file is created. Rows are about 2 KB (the
	// body compressed); against 4 KB pages, 16 KB ones took a fifth less
	// CPU per written event and a fifth less disk.
	pageSize = 16384
	// writerCacheKiB holds the hot index pages of a bulk load. A larger
	// cache bought no speed in BenchmarkWrite, and at 32 MB the driver's
	// allocator held ~190 MB resident after a 54k-event ingest (8 MB: ~35 MB).
	writerCacheKiB = 8 << 10
	// readerCacheKiB is per reading connection, of which there may be several.
	readerCacheKiB = 8 << 10
	busyTimeoutMS  = 10_000
	// walCheckpointBytes is how many bytes of rows a writer inserts before
	// the background checkpointer copies the WAL into the database; the
	// WAL grows about twice as fast, as batches rewrite index pages. Larger
	// spacing copies a page rewritten by several batches once; smaller
	// leaves less for Close, whose last checkpoint the caller waits for.
	// On the LSASS corpus (75 MB of rows make 141 MB of WAL) 16 MB of rows
	// is a checkpoint per ~30 MB of WAL.
	walCheckpointBytes = 16 << 20
	// walBackstopPages is the writer's own wal_autocheckpoint: 64 MB of
	// WAL, about twice what the background checkpointer lets it reach. It
	// only runs should that goroutine fall behind (or a reader's snapshot
	// hold it back), and keeps the WAL bounded then.
	walBackstopPages = 4 * walCheckpointBytes / pageSize
	walSizeLimit     = 64 << 20
)

// Columns are ordered small and filterable first: SQLite reads a row from its
// start, so lookups on the leading columns never touch the body.
// process_guid and parent_process_guid are stored lower-cased (GUIDs are
// case-insensitive and Sysmon writes them in lower case): plain indexes on
// them cost a third less to maintain than indexes on lower(process_guid).
const schema = `
CREATE TABLE IF NOT EXISTS events (
	id                  TEXT NOT NULL,
	ts                  INTEGER,          -- UTC unix nanoseconds; NULL when unknown
	event_id            INTEGER NOT NULL,
	host_key            TEXT NOT NULL,    -- lower(host), for case-insensitive lookups
	process_id          INTEGER NOT NULL,
	process_guid        TEXT NOT NULL,    -- lower-cased
	parent_process_id   INTEGER NOT NULL,
	parent_process_guid TEXT NOT NULL,    -- lower-cased
	host                TEXT NOT NULL,
	channel             TEXT NOT NULL,
	provider            TEXT NOT NULL,
	user                TEXT NOT NULL,
	image               TEXT NOT NULL,
	parent_image        TEXT NOT NULL,
	local_time          TEXT NOT NULL,
	command_line        TEXT NOT NULL,
	parent_command_line TEXT NOT NULL,
	body                BLOB              -- Fields and Raw, compressed; see body.go
);
CREATE UNIQUE INDEX IF NOT EXISTS events_ts ON events (ts, id);
-- NULLs are distinct in a unique index: events without a time are kept
-- unique by ID alone, and paged through by ID.
CREATE UNIQUE INDEX IF NOT EXISTS events_untimed ON events (id) WHERE ts IS NULL;
CREATE INDEX IF NOT EXISTS events_event_id_ts ON events (event_id, ts);
CREATE INDEX IF NOT EXISTS events_host_ts ON events (host_key, ts);
CREATE INDEX IF NOT EXISTS events_host_pid_ts ON events (host_key, process_id, ts);
CREATE INDEX IF NOT EXISTS events_guid_ts ON events (process_guid, ts);
`

// ErrNotFound is returned by Raw for an ID the store does not hold.
var ErrNotFound = errors.New("sqlite: event not found")

// DB is an event store in one SQLite file. It is safe for concurrent use;
// Close must come after every other call has returned.
type DB struct {
	path string
	// w has a single connection: SQLite admits one writer at a time, and
	// queueing writers in Go is cheaper than spinning on SQLITE_BUSY.
	w *sql.DB
	// r is a pool of read-only connections; WAL gives each a consistent
	// snapshot while w writes.
	r *sql.DB

	// chunks recycles statement argument buffers between Write calls.
	chunks sync.Pool
	// bodies recycles Prepare's encoders.
	bodies sync.Pool

	// wrote records whether this handle changed the file, so Close only
	// refreshes planner statistics after an ingest.
	wrote atomic.Bool

	// ckpt copies the WAL into the file once walBytes, the estimated bytes
	// written since the last request, reach checkpointEvery
	// (walCheckpointBytes; tests lower it).
	ckpt            *checkpointer
	walBytes        atomic.Int64
	checkpointEvery int64

	closeOnce sync.Once
	closeErr  error
}

// Interface checks.
var (
	_ huntflow.Store    = (*DB)(nil)
	_ huntflow.Sink     = (*DB)(nil)
	_ huntflow.Preparer = (*DB)(nil)
)

// Open opens the store at path, creating the file, its parent directory and
// the schema as needed.
func Open(ctx context.Context, path string) (*DB, error) {
	if err := checkPath(path); err != nil {
		return nil, err
	}
	if strings.ContainsRune(path, '?') {
		// The driver reads everything after '?' as connection parameters.
		return nil, fmt.Errorf("open sqlite store %s: path must not contain '?'", path)
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("open sqlite store %s: %w", path, err)
		}
	}
	if err := removeOrphanLog(path); err != nil {
		return nil, fmt.Errorf("open sqlite store %s: %w", path, err)
	}

	// page_size only takes effect on a new file, and must precede the
	// switch to WAL; the driver applies _pragma before _journal_mode.
	// synchronous=NORMAL in WAL mode cannot corrupt the file on a crash; it
	// only risks losing the last transactions before a power failure, which
	// a re-ingest restores.
	common := fmt.Sprintf("_pragma=busy_timeout(%d)&_pragma=temp_store(MEMORY)", busyTimeoutMS)
	wdsn := fmt.Sprintf("%s?%s&_pragma=page_size(%d)&_pragma=cache_size(-%d)&_pragma=wal_autocheckpoint(%d)"+
		"&_pragma=journal_size_limit(%d)&_journal_mode=WAL&_synchronous=NORMAL&_txlock=immediate",
		path, common, pageSize, writerCacheKiB, walBackstopPages, walSizeLimit)
	rdsn := fmt.Sprintf("%s?%s&_pragma=cache_size(-%d)&_query_only=1", path, common, readerCacheKiB)

	w, err := sql.Open("sqlite", wdsn)
	if err != nil {
		return nil, fmt.Errorf("open sqlite store %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxIdleTime(0)
	w.SetConnMaxLifetime(0)

	db := &DB{path: path, w: w, checkpointEvery: walCheckpointBytes}
	db.chunks.New = func() any {
		return &chunk{args: make([]driver.NamedValue, 0, rowsPerInsert*numInsertColumns)}
	}
	db.bodies.New = func() any { return new(bodyEncoder) }
	if err := db.migrate(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("open sqlite store %s: %w", path, err)
	}

	// After migrate: the file is in WAL mode by now.
	if db.ckpt, err = startCheckpointer(fmt.Sprintf("%s?%s", path, common)); err != nil {
		w.Close()
		return nil, fmt.Errorf("open sqlite store %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", rdsn)
	if err != nil {
		db.ckpt.close()
		w.Close()
		return nil, fmt.Errorf("open sqlite store %s: %w", path, err)
	}
	// No cap on readers: a Search callback may itself query the store (Raw,
	// a pivot), and a capped pool would deadlock on such nesting.
	r.SetMaxIdleConns(2)
	db.r = r
	return db, nil
}

func checkPath(path string) error {
	if path == "" || path == ":memory:" || strings.HasPrefix(path, "file:") {
		return fmt.Errorf("open sqlite store: need a file path, got %q", path)
	}
	return nil
}

// removeOrphanLog deletes the -wal and -shm files of a store whose database
// file is gone (deleted while a worker still had it open). SQLite cannot
// tell whose log a -wal file is: left in place, it would be replayed into
// the new file, bringing the deleted store's pages back into it. A process
// that still reads the deleted store keeps its own open copies.
func removeOrphanLog(path string) error {
	if _, err := os.Lstat(path); !errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(path + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("remove the log of a deleted store: %w", err)
		}
	}
	return nil
}

// ErrNoStore is wrapped by the errors of OpenReader and Reader when there is
// no store to read: no file, or a file ingest never wrote.
var ErrNoStore = errors.New("run ingest first")

// OpenReader opens the store at path read-only, for hunts and queries. It
// never creates or changes the file: a missing file, an empty one, or one
// without huntflow's schema is an error wrapping ErrNoStore, and writes
// through the returned DB fail.
func OpenReader(ctx context.Context, path string) (*DB, error) {
	if err := checkPath(path); err != nil {
		return nil, err
	}
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("no store at %s: %w", path, ErrNoStore)
	case err != nil:
		return nil, fmt.Errorf("open sqlite store %s: %w", path, err)
	case !fi.Mode().IsRegular():
		return nil, fmt.Errorf("open sqlite store %s: not a regular file", path)
	case fi.Size() == 0:
		return nil, fmt.Errorf("store %s is an empty file: %w", path, ErrNoStore)
	}
	// A file: URI, so SQLite itself reads mode=ro (a plain name would lose
	// it, and SQLite would create a missing file). The path is escaped, so
	// '?' and '#' in it are no longer parameters.
	uri := (&url.URL{Scheme: "file", Path: path, OmitHost: true}).String()
	dsn := fmt.Sprintf("%s?mode=ro&_pragma=busy_timeout(%d)&_pragma=temp_store(MEMORY)&_pragma=cache_size(-%d)&_query_only=1",
		uri, busyTimeoutMS, readerCacheKiB)
	r, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open sqlite store %s: %w", path, err)
	}
	r.SetMaxIdleConns(2)
	var v int
	if err := r.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		r.Close()
		return nil, fmt.Errorf("open sqlite store %s: %w", path, err)
	}
	switch {
	case v == 0:
		r.Close()
		return nil, fmt.Errorf("%s is not a huntflow store (no schema): %w", path, ErrNoStore)
	case v > schemaVersion:
		r.Close()
		return nil, fmt.Errorf("open sqlite store %s: schema version %d is newer than this build supports (%d)", path, v, schemaVersion)
	}
	return &DB{path: path, r: r}, nil
}

// migrate creates the schema or checks that an existing file's is one this
// code understands.
func (db *DB) migrate(ctx context.Context) error {
	var v int
	if err := db.w.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	switch {
	case v == schemaVersion, v == 1: // version 1 is used as it is; see schemaVersion
		return nil
	case v > schemaVersion:
		return fmt.Errorf("schema version %d is newer than this build supports (%d)", v, schemaVersion)
	}
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("create schema: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, schema); err != nil {
		return fmt.Errorf("create schema: %w", err)
	}
	// PRAGMA takes no bound parameters; schemaVersion is a constant.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", schemaVersion)); err != nil {
		return fmt.Errorf("set schema version: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("create schema: %w", err)
	}
	return nil
}

// Path returns the file the store lives in.
func (db *DB) Path() string { return db.path }

// Close checkpoints the write-ahead log and closes the store. It is safe to
// call more than once.
func (db *DB) Close() error {
	db.closeOnce.Do(func() {
		var errs []error
		if db.ckpt != nil {
			errs = append(errs, db.ckpt.close())
		}
		if db.r != nil {
			errs = append(errs, db.r.Close())
		}
		// Refresh the planner's statistics where they have drifted; bounded
		// by analysis_limit so closing a large store stays quick.
		if db.wrote.Load() {
			if _, err := db.w.Exec("PRAGMA analysis_limit = 400; PRAGMA optimize"); err != nil {
				errs = append(errs, fmt.Errorf("optimize: %w", err))
			}
		}
		if db.w != nil {
			errs = append(errs, db.w.Close())
		}
		if err := errors.Join(errs...); err != nil {
			db.closeErr = fmt.Errorf("close sqlite store %s: %w", db.path, err)
		}
	})
	return db.closeErr
}
