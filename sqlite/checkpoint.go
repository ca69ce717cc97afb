package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
)

// checkpointer copies the write-ahead log into the database file from its
// own connection, in its own goroutine. Left to SQLite's autocheckpoint, the
// copy runs inside the writer's commit, and so do the two fsyncs that end
// it: an ingest's single writer then stands still for the disk. In WAL mode
// a PASSIVE checkpoint runs alongside the writer (and alongside readers,
// whose snapshots it leaves alone), so the writer goes on inserting while
// the log is copied. Durability is what it was: the checkpoint syncs the
// WAL before copying it and the database after, as autocheckpoint does.
type checkpointer struct {
	conn *sql.DB
	kick chan struct{}
	stop context.CancelFunc
	done chan struct{}

	mu  sync.Mutex
	err error // the first failed checkpoint, reported by Close
}

// startCheckpointer opens a connection for checkpoints and starts the
// goroutine that runs them when kicked.
func startCheckpointer(dsn string) (*checkpointer, error) {
	conn, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open checkpoint connection: %w", err)
	}
	conn.SetMaxOpenConns(1)
	conn.SetMaxIdleConns(1)
	conn.SetConnMaxIdleTime(0)
	conn.SetConnMaxLifetime(0)
	ctx, stop := context.WithCancel(context.Background())
	c := &checkpointer{conn: conn, kick: make(chan struct{}, 1), stop: stop, done: make(chan struct{})}
	go c.loop(ctx)
	return c, nil
}

// request asks for a checkpoint without waiting for it. Requests made while
// one runs are merged into the next.
func (c *checkpointer) request() {
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

func (c *checkpointer) loop(ctx context.Context) {
	defer close(c.done)
	for {
		select {
		case <-ctx.Done():
			return
		case <-c.kick:
		}
		// PASSIVE copies what no reader still needs and never waits for
		// the writer or readers; whatever it leaves, the next one takes.
		if _, err := c.conn.ExecContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)"); err != nil && ctx.Err() == nil {
			c.mu.Lock()
			if c.err == nil {
				c.err = fmt.Errorf("background checkpoint: %w", err)
			}
			c.mu.Unlock()
		}
	}
}

// close stops the goroutine, waiting for a checkpoint in progress, and
// closes the connection. It returns the first checkpoint error, if any.
func (c *checkpointer) close() error {
	c.stop()
	<-c.done
	err := c.conn.Close()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return c.err
	}
	return err
}
