package sqlite

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sync"
	"time"

	"github.com/huntflow/huntflow"
)

// Reader is the store as a long-running worker reads it: read-only, and
// following the file at its path rather than the file it first opened.
// Every call checks the file's identity (device and inode) and reopens the
// store when the file was replaced (renamed over) or deleted and ingested
// anew, so a hunt never reads a store that is no longer at the path. A
// missing or unreadable file is an error for that call (wrapping ErrNoStore
// when the file is missing) that clears once the file is back.
//
// A call in progress keeps the handle it started with: a page stream stays
// on one file even when the path is replaced under it.
//
// Copying another store over the file in place is not supported: SQLite
// would go on applying the old file's write-ahead log to the new content.
// Replace a store by renaming a finished one over it, or delete it and
// ingest again.
type Reader struct {
	path string

	mu     sync.Mutex
	cur    *readHandle
	closed bool
}

// readHandle is one opened store file; refs counts the calls using it, and
// a retired handle is closed when the last of them returns.
type readHandle struct {
	db      *DB
	id      fileID
	refs    int
	retired bool
}

// fileID tells one file at a path from another. Device and inode are
// enough: staleness comes only from descriptors held open on a file that
// is no longer at the path, and an inode cannot be reused while they are.
// Size and mtime are left out on purpose: every checkpoint of an ingest
// changes them, and reopening then would buy nothing.
type fileID struct {
	dev, ino uint64
	// size and mtime stand in where there are no inodes (not unix).
	size  int64
	mtime time.Time
}

var (
	_ huntflow.Store       = (*Reader)(nil)
	_ huntflow.ClockReader = (*Reader)(nil)
)

// NewReader opens the store at path read-only and checks it is there: a
// missing file, an empty one or one ingest never wrote is an error wrapping
// ErrNoStore.
func NewReader(ctx context.Context, path string) (*Reader, error) {
	r := &Reader{path: path}
	h, err := r.acquire(ctx)
	if err != nil {
		return nil, err
	}
	r.release(h)
	return r, nil
}

// Path returns the file the store is read from.
func (r *Reader) Path() string { return r.path }

// acquire returns the handle of the file now at the path, opening it when
// the file is not the one last opened. The caller must release it.
func (r *Reader) acquire(ctx context.Context) (*readHandle, error) {
	fi, err := os.Stat(r.path)
	if err == nil {
		err = readable(r.path)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil, fmt.Errorf("read store %s: reader closed", r.path)
	}
	if err != nil {
		// Whatever was open is no longer the store at the path.
		r.retireLocked()
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("no store at %s: %w", r.path, ErrNoStore)
		}
		return nil, fmt.Errorf("read store %s: %w", r.path, err)
	}
	id := identity(fi)
	if r.cur != nil && r.cur.id == id {
		r.cur.refs++
		return r.cur, nil
	}
	r.retireLocked()
	// Opening under the lock keeps calls racing a replacement from each
	// opening the new file. Should the file change between Stat and open,
	// the handle carries the older identity and the next call reopens.
	db, err := OpenReader(ctx, r.path)
	if err != nil {
		return nil, err
	}
	r.cur = &readHandle{db: db, id: id, refs: 1}
	return r.cur, nil
}

// retireLocked drops the current handle, closing it now if no call uses it.
func (r *Reader) retireLocked() {
	h := r.cur
	if h == nil {
		return
	}
	r.cur = nil
	h.retired = true
	if h.refs == 0 {
		h.db.Close()
	}
}

func (r *Reader) release(h *readHandle) {
	r.mu.Lock()
	h.refs--
	closeNow := h.retired && h.refs == 0
	r.mu.Unlock()
	if closeNow {
		h.db.Close()
	}
}

// Search implements huntflow.Store.
func (r *Reader) Search(ctx context.Context, q huntflow.Query, fn func(*huntflow.Event) error) error {
	h, err := r.acquire(ctx)
	if err != nil {
		return fmt.Errorf("search events: %w", err)
	}
	defer r.release(h)
	return h.db.Search(ctx, q, fn)
}

// SearchPages implements huntflow.Store; all pages come from one file.
func (r *Reader) SearchPages(ctx context.Context, q huntflow.Query, size int, fn func([]*huntflow.Event) error) error {
	h, err := r.acquire(ctx)
	if err != nil {
		return fmt.Errorf("search events: %w", err)
	}
	defer r.release(h)
	return h.db.SearchPages(ctx, q, size, fn)
}

// Stats implements huntflow.Store.
func (r *Reader) Stats(ctx context.Context, q huntflow.Query) (huntflow.Stats, error) {
	h, err := r.acquire(ctx)
	if err != nil {
		return huntflow.Stats{}, fmt.Errorf("event stats: %w", err)
	}
	defer r.release(h)
	return h.db.Stats(ctx, q)
}

// HostClocks implements huntflow.ClockReader.
func (r *Reader) HostClocks(ctx context.Context, host string) ([]huntflow.HostClock, error) {
	h, err := r.acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("host clocks: %w", err)
	}
	defer r.release(h)
	return h.db.HostClocks(ctx, host)
}

// Raw returns the original line of an event (see DB.Raw).
func (r *Reader) Raw(ctx context.Context, id string) ([]byte, error) {
	h, err := r.acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("raw event %s: %w", id, err)
	}
	defer r.release(h)
	return h.db.Raw(ctx, id)
}

// HasEvents says whether the store holds any event.
func (r *Reader) HasEvents(ctx context.Context) (bool, error) {
	h, err := r.acquire(ctx)
	if err != nil {
		return false, err
	}
	defer r.release(h)
	var n int
	if err := h.db.r.QueryRowContext(ctx, "SELECT count(*) FROM (SELECT 1 FROM events LIMIT 1)").Scan(&n); err != nil {
		return false, fmt.Errorf("read store %s: %w", r.path, err)
	}
	return n > 0, nil
}

// Close closes the open file; calls still running finish on it first.
func (r *Reader) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed = true
	r.retireLocked()
	return nil
}
