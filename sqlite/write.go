package sqlite

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/huntflow/huntflow"
)

// rowsPerInsert is how many events one INSERT statement carries. A
// multi-row statement pays the per-statement costs of the driver and of
// SQLite once for many rows (64 measured no faster). With 18 columns it
// stays far below SQLite's limit of 32766 bound parameters.
const rowsPerInsert = 32

const insertColumns = `id, ts, event_id, host_key, process_id, process_guid,
	parent_process_id, parent_process_guid, host, channel, provider, user,
	image, parent_image, local_time, command_line, parent_command_line, body`

const numInsertColumns = 18

// emptyAsNull marks the columns a process creation fills and most other
// events leave empty. For them an empty string is bound as NULL and stored
// as the empty string through coalesce (see insertRow): the driver binds
// NULL for free, where it copies every string, even an empty one, into
// memory of its own and frees it after the statement. On the LSASS corpus
// that is 5 of a row's 14 strings, and 6 % of the writer's CPU.
var emptyAsNull = [numInsertColumns]bool{7: true, 13: true, 14: true, 15: true, 16: true}

// insertRow is the VALUES tuple of one row: a parameter per column, read
// through coalesce where emptyAsNull says so.
func insertRow() string {
	var b strings.Builder
	b.WriteByte('(')
	for i, null := range emptyAsNull {
		if i > 0 {
			b.WriteByte(',')
		}
		if null {
			b.WriteString("coalesce(?,'')")
		} else {
			b.WriteByte('?')
		}
	}
	b.WriteByte(')')
	return b.String()
}

func insertSQL(rows int) string {
	var b strings.Builder
	b.WriteString("INSERT OR IGNORE INTO events (" + insertColumns + ") VALUES ")
	row := insertRow()
	for i := range rows {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(row)
	}
	return b.String()
}

// pipelineDepth is how many statements' arguments are encoded ahead of the
// one SQLite is executing.
const pipelineDepth = 4

// chunk holds the arguments of one INSERT statement, in the driver's own
// form: they go to it directly (see insertChunks).
type chunk struct {
	rows int
	args []driver.NamedValue
	enc  rowEncoder
	// bytes estimates what the rows add to the file, for the checkpointer.
	bytes int
}

// Write stores a batch in one transaction and reports how many events were
// new. Events whose ID and time are already stored, in the file or earlier
// in the batch, are skipped, so ingesting a file twice adds nothing (an ID
// is a hash of the line the time is read from). Larger batches
// write faster: a few thousand events per call amortise the commit.
//
// SQLite admits one writer, so the statements run one after another. The
// encoding of their arguments is mostly compressing bodies: for a batch
// that Prepare encoded, as ingest's are, little is left and it is done
// in line; otherwise it runs alongside in another goroutine, off that
// serial path.
func (db *DB) Write(ctx context.Context, batch []huntflow.Event) (int, error) {
	if len(batch) == 0 {
		return 0, nil
	}
	if db.w == nil {
		return 0, fmt.Errorf("write %d events: store %s was opened read-only", len(batch), db.path)
	}
	if prepared(batch) {
		// Nothing left to compress: building the arguments here costs
		// less than handing them over from another goroutine, which would
		// also compete with ingest's workers for the CPU.
		rest := batch
		added, err := db.insertChunks(ctx, len(batch), func() (*chunk, error) {
			if len(rest) == 0 {
				return nil, nil
			}
			c, err := db.encodeChunk(rest)
			if err != nil {
				return nil, err
			}
			rest = rest[c.rows:]
			return c, nil
		})
		if err != nil {
			return 0, fmt.Errorf("write %d events: %w", len(batch), err)
		}
		return added, nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ready := make(chan *chunk, pipelineDepth)
	encErr := make(chan error, 1)
	go func() {
		defer close(ready)
		encErr <- db.encodeChunks(ctx, batch, ready)
	}()
	added, err := db.insertChunks(ctx, len(batch), func() (*chunk, error) { return <-ready, nil })
	if err != nil {
		// Stop the encoder and wait for it: it reads batch, which belongs
		// to the caller again once Write returns.
		cancel()
		for c := range ready {
			db.chunks.Put(c)
		}
		if eerr := <-encErr; errors.Is(err, errEncoderStopped) && eerr != nil {
			err = eerr
		}
		return 0, fmt.Errorf("write %d events: %w", len(batch), err)
	}
	return added, nil
}

// Prepare encodes the bodies of events (Fields and Raw, compressed) ahead
// of Write, and drops Fields and Raw, which the body holds in about a
// quarter of their memory. Ingest calls it in its parallel parse workers:
// compressing is most of the per-event work outside SQLite, and done there
// it no longer competes with Write's single writer, and the batches that
// wait for it are smaller. It implements huntflow.Preparer.
func (db *DB) Prepare(events []huntflow.Event) {
	enc := db.bodies.Get().(*bodyEncoder)
	defer db.bodies.Put(enc)
	// The bodies of the events share arenas, one allocation for many.
	var arena []byte
	for i := range events {
		e := &events[i]
		if e.Encoded != nil || !hasBody(e) {
			continue
		}
		b := enc.encode(e.Fields, e.Raw)
		if cap(arena)-len(arena) < len(b) {
			// Room for the rest at this size, within reason: one huge event
			// must not multiply. Earlier events keep the old arena.
			arena = make([]byte, 0, max(len(b), min(len(b)*(len(events)-i), maxPrepareArena)))
		}
		start := len(arena)
		arena = append(arena, b...)
		e.Encoded = arena[start:len(arena):len(arena)]
		e.Fields, e.Raw = nil, nil
	}
	detachStrings(events)
}

// maxPrepareArena caps the arena Prepare allocates for the bodies of the
// events it has yet to encode; a chunk of ingest's events takes about
// 700 KB.
const maxPrepareArena = 1 << 20

// detachStrings copies the typed string fields of events into one new
// string. Ingest's normaliser slices them out of a string holding all the
// values of Fields, which would otherwise stay in memory, Fields dropped,
// as long as the event waits for Write: at 10,000 events a batch that was
// 40 MB of peak RSS on the LSASS corpus.
func detachStrings(events []huntflow.Event) {
	n := 0
	for i := range events {
		for _, p := range typedStrings(&events[i]) {
			n += len(*p)
		}
	}
	var b strings.Builder
	b.Grow(n)
	for i := range events {
		for _, p := range typedStrings(&events[i]) {
			b.WriteString(*p)
		}
	}
	all := b.String()
	for i := range events {
		for _, p := range typedStrings(&events[i]) {
			*p, all = all[:len(*p)], all[len(*p):]
		}
	}
}

// typedStrings points at the string fields of e other than its ID, which
// ingest allocates on its own.
func typedStrings(e *huntflow.Event) [11]*string {
	return [...]*string{&e.LocalTime, &e.Channel, &e.Provider, &e.Host, &e.User,
		&e.ProcessGUID, &e.Image, &e.CommandLine,
		&e.ParentProcessGUID, &e.ParentImage, &e.ParentCommandLine}
}

// prepared reports whether Prepare encoded the bodies of batch.
func prepared(batch []huntflow.Event) bool {
	for i := range batch {
		if e := &batch[i]; e.Encoded == nil && hasBody(e) {
			return false
		}
	}
	return true
}

// hasBody reports whether e has Fields or Raw for a body to hold.
func hasBody(e *huntflow.Event) bool { return len(e.Fields) > 0 || e.Raw != nil }

// encodeChunks turns batch into statement arguments and sends them to ready
// in order.
func (db *DB) encodeChunks(ctx context.Context, batch []huntflow.Event, ready chan<- *chunk) error {
	for rest := batch; len(rest) > 0; {
		c, err := db.encodeChunk(rest)
		if err != nil {
			return err
		}
		select {
		case ready <- c:
		case <-ctx.Done():
			db.chunks.Put(c)
			return ctx.Err()
		}
		rest = rest[c.rows:]
	}
	return nil
}

// encodeChunk makes the arguments of the next statement, which inserts the
// first c.rows events of rest.
func (db *DB) encodeChunk(rest []huntflow.Event) (*chunk, error) {
	n := rowsPerInsert
	if len(rest) < rowsPerInsert {
		n = 1
	}
	c := db.chunks.Get().(*chunk)
	c.rows, c.args, c.bytes = n, c.args[:0], 0
	c.enc.reset()
	for i := range rest[:n] {
		var err error
		if c.args, err = c.enc.appendArgs(c.args, &rest[i]); err != nil {
			db.chunks.Put(c)
			return nil, err
		}
		c.bytes += rowBytes(c.args[len(c.args)-numInsertColumns:])
	}
	return c, nil
}

// insertChunks runs the statements next delivers in one transaction, until
// it returns nil. It returns next's error, or errEncoderStopped if fewer
// than n rows arrived.
//
// The statements go straight to the driver (sql.Conn.Raw), past
// database/sql, which would copy each statement's 576 arguments into a new
// slice to check them: a seventh of what ingest allocated, for values that
// are the driver's own types already.
func (db *DB) insertChunks(ctx context.Context, n int, next func() (*chunk, error)) (int, error) {
	conn, err := db.w.Conn(ctx)
	if err != nil {
		return 0, fmt.Errorf("begin: %w", err)
	}
	defer conn.Close()
	var added, bytes int64
	err = conn.Raw(func(dc any) error {
		var err error
		added, bytes, err = db.insertTx(ctx, dc, n, next)
		return err
	})
	if err != nil {
		return 0, err
	}
	db.wrote.Store(true)
	if db.walBytes.Add(bytes) >= db.checkpointEvery {
		db.walBytes.Store(0)
		db.ckpt.request()
	}
	return int(added), nil
}

// driverConn is what insertTx needs of the driver's connection.
type driverConn interface {
	driver.ConnBeginTx
	driver.ConnPrepareContext
}

// insertTx is insertChunks on the driver's connection dc. It reports the
// rows added and their estimated bytes.
func (db *DB) insertTx(ctx context.Context, dc any, n int, next func() (*chunk, error)) (added, bytes int64, err error) {
	c, ok := dc.(driverConn)
	if !ok {
		return 0, 0, fmt.Errorf("begin: driver connection %T cannot begin or prepare", dc)
	}
	tx, err := c.BeginTx(ctx, driver.TxOptions{})
	if err != nil {
		return 0, 0, fmt.Errorf("begin: %w", err)
	}
	committed := false
	defer func() {
		if !committed {
			tx.Rollback()
		}
	}()
	// Prepared per transaction, as a statement must not outlive Raw's
	// callback; preparing takes about 60 µs.
	var many, one driver.StmtExecContext
	prepare := func(rows int) (driver.StmtExecContext, error) {
		st, err := c.PrepareContext(ctx, insertSQL(rows))
		if err != nil {
			return nil, fmt.Errorf("prepare insert: %w", err)
		}
		se, ok := st.(driver.StmtExecContext)
		if !ok {
			st.Close()
			return nil, fmt.Errorf("prepare insert: driver statement %T cannot execute with a context", st)
		}
		return se, nil
	}
	defer func() {
		for _, st := range []driver.StmtExecContext{many, one} {
			if st != nil {
				st.(driver.Stmt).Close()
			}
		}
	}()
	// Given a context that can be canceled, the driver starts a goroutine
	// per statement to interrupt it: 1,700 of them for 54,000 events, each
	// woken as its statement ends, on the CPU the single writer needs.
	// The statements run under a context that cannot be, and ctx is
	// checked between them instead; a statement takes under a millisecond.
	execCtx := context.WithoutCancel(ctx)
	for {
		ch, err := next()
		if err != nil {
			return 0, 0, err
		}
		if ch == nil {
			break
		}
		if err := ctx.Err(); err != nil {
			db.chunks.Put(ch)
			return 0, 0, err
		}
		stmt := &many
		if ch.rows == 1 {
			stmt = &one
		}
		if *stmt == nil {
			if *stmt, err = prepare(ch.rows); err != nil {
				db.chunks.Put(ch)
				return 0, 0, err
			}
		}
		res, err := (*stmt).ExecContext(execCtx, ch.args)
		rows := ch.rows
		bytes += int64(ch.bytes)
		db.chunks.Put(ch)
		if err != nil {
			return 0, 0, fmt.Errorf("insert: %w", err)
		}
		k, err := res.RowsAffected()
		if err != nil {
			return 0, 0, fmt.Errorf("insert: %w", err)
		}
		added += k
		n -= rows
	}
	if n != 0 {
		// The encoder stopped early; its error says why.
		return 0, 0, errEncoderStopped
	}
	if err := tx.Commit(); err != nil {
		return 0, 0, fmt.Errorf("commit: %w", err)
	}
	committed = true
	return added, bytes, nil
}

// rowBytes estimates the bytes a row adds to the file: its values. Index
// entries and page overhead add to that, and duplicates that were ignored
// are counted; the estimate only paces checkpoints.
func rowBytes(args []driver.NamedValue) int {
	n := 0
	for _, a := range args {
		switch a := a.Value.(type) {
		case string:
			n += len(a)
		case []byte:
			n += len(a)
		default:
			n += 8
		}
	}
	return n
}

var errEncoderStopped = errors.New("encoding stopped")

// Unix nanoseconds cover 1678 to 2262; an event outside is malformed.
var (
	minTime = time.Unix(0, math.MinInt64)
	maxTime = time.Unix(0, math.MaxInt64)
)

// rowEncoder turns events into INSERT arguments. The bodies of one
// statement's rows share an arena, which is reused once the statement has
// run (the driver copies arguments when it binds them).
type rowEncoder struct {
	body  bodyEncoder
	arena []byte
}

func (enc *rowEncoder) reset() { enc.arena = enc.arena[:0] }

func (enc *rowEncoder) appendArgs(args []driver.NamedValue, e *huntflow.Event) ([]driver.NamedValue, error) {
	if e.ID == "" {
		return args, fmt.Errorf("event at %s has no ID", e.Time.UTC().Format(time.RFC3339Nano))
	}
	var ts any // NULL: an event without a time sorts first and matches no range
	if !e.Time.IsZero() {
		if e.Time.Before(minTime) || e.Time.After(maxTime) {
			return args, fmt.Errorf("event %s: time %s is out of range", e.ID, e.Time.UTC().Format(time.RFC3339))
		}
		ts = e.Time.UnixNano()
	}
	var body any
	switch {
	case e.Encoded != nil:
		body = e.Encoded // made by Prepare
	case len(e.Fields) > 0 || e.Raw != nil:
		b := enc.body.encode(e.Fields, e.Raw)
		if cap(enc.arena)-len(enc.arena) < len(b) {
			// Earlier rows keep the old arena; it is not written again.
			enc.arena = make([]byte, 0, max(64<<10, 2*cap(enc.arena), len(b)))
		}
		start := len(enc.arena)
		enc.arena = append(enc.arena, b...)
		body = enc.arena[start:len(enc.arena):len(enc.arena)]
	}
	for i, v := range [numInsertColumns]driver.Value{
		e.ID, ts, int64(e.EventID), strings.ToLower(e.Host), e.ProcessID, strings.ToLower(e.ProcessGUID),
		e.ParentProcessID, strings.ToLower(e.ParentProcessGUID), e.Host, e.Channel, e.Provider, e.User,
		e.Image, e.ParentImage, e.LocalTime, e.CommandLine, e.ParentCommandLine, body,
	} {
		if emptyAsNull[i] && v == "" {
			v = nil
		}
		// Ordinals count from 1 across the statement's rows.
		args = append(args, driver.NamedValue{Ordinal: len(args) + 1, Value: v})
	}
	return args, nil
}
