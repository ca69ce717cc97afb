package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/huntflow/huntflow"
)

// where renders the filters of q as a WHERE clause with bound arguments.
// Only placeholders are generated; no value of q reaches the SQL text.
func where(q huntflow.Query) (string, []any) {
	var (
		conds []string
		args  []any
	)
	if !q.Start.IsZero() {
		conds = append(conds, "ts >= ?")
		args = append(args, clampNanos(q.Start))
	}
	if !q.End.IsZero() {
		conds = append(conds, "ts < ?")
		args = append(args, clampNanos(q.End))
	}
	switch len(q.EventIDs) {
	case 0:
	case 1:
		conds = append(conds, "event_id = ?")
		args = append(args, int64(q.EventIDs[0]))
	default:
		conds = append(conds, "event_id IN ("+strings.TrimSuffix(strings.Repeat("?,", len(q.EventIDs)), ",")+")")
		for _, id := range q.EventIDs {
			args = append(args, int64(id))
		}
	}
	if q.Host != "" {
		conds = append(conds, "host_key = ?")
		args = append(args, strings.ToLower(q.Host))
	}
	if q.ProcessGUID != "" {
		conds = append(conds, "process_guid = ?")
		args = append(args, strings.ToLower(q.ProcessGUID))
	}
	if q.ProcessID != 0 {
		conds = append(conds, "process_id = ?")
		args = append(args, q.ProcessID)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// clampNanos converts t to unix nanoseconds, saturating outside 1678–2262 so
// a far-flung query bound still means "everything before/after".
func clampNanos(t time.Time) int64 {
	switch {
	case t.Before(minTime):
		return math.MinInt64
	case t.After(maxTime):
		return math.MaxInt64
	}
	return t.UnixNano()
}

func fromNanos(ns sql.NullInt64) time.Time {
	if !ns.Valid {
		return time.Time{}
	}
	return time.Unix(0, ns.Int64).UTC()
}

const searchColumns = `id, ts, event_id, process_id, process_guid, parent_process_id,
	parent_process_guid, host, channel, provider, user, image, parent_image,
	local_time, command_line, parent_command_line, body`

// checkEvery is how many rows Search streams between context checks; the
// driver also interrupts a running statement when the context is done.
const checkEvery = 256

// Search calls fn for each event q selects, in time order (ties broken by
// ID, so the order does not depend on the order of ingest). Events carry
// their Fields but not Raw; fetch that with Raw. ProcessGUID and
// ParentProcessGUID come back lower-cased. Each event is freshly allocated,
// so fn may keep it. Search stops at the first error fn returns and returns
// it unwrapped.
func (db *DB) Search(ctx context.Context, q huntflow.Query, fn func(*huntflow.Event) error) error {
	if q.KQL != "" {
		return db.searchKQL(ctx, q, fn)
	}
	w, args := where(q)
	return db.scan(ctx, w, args, q.Limit, fn)
}

// scan runs a search with a rendered WHERE clause.
func (db *DB) scan(ctx context.Context, w string, args []any, limit int, fn func(*huntflow.Event) error) error {
	query := "SELECT " + searchColumns + " FROM events" + w + " ORDER BY ts, id"
	if limit > 0 {
		query += " LIMIT ?"
		args = append(args, limit)
	}
	return db.query(ctx, query, args, fn)
}

// query runs a search statement and calls fn for each event it returns.
func (db *DB) query(ctx context.Context, query string, args []any, fn func(*huntflow.Event) error) error {
	rows, err := db.r.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("search events: %w", err)
	}
	defer rows.Close()

	var (
		dec  bodyDecoder
		ts   sql.NullInt64
		body sql.RawBytes // the driver's copy; decoded before the next row
		eid  int64
	)
	for n := 1; rows.Next(); n++ {
		if n%checkEvery == 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("search events: %w", err)
			}
		}
		var e huntflow.Event
		if err := rows.Scan(&e.ID, &ts, &eid, &e.ProcessID, &e.ProcessGUID, &e.ParentProcessID,
			&e.ParentProcessGUID, &e.Host, &e.Channel, &e.Provider, &e.User, &e.Image, &e.ParentImage,
			&e.LocalTime, &e.CommandLine, &e.ParentCommandLine, &body); err != nil {
			return fmt.Errorf("search events: scan: %w", err)
		}
		e.Time = fromNanos(ts)
		e.EventID = int(eid)
		if e.Fields, err = dec.fields(body); err != nil {
			return fmt.Errorf("search events: event %s: %w", e.ID, err)
		}
		if err := fn(&e); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("search events: %w", err)
	}
	return nil
}

// DefaultPageSize is the page size of SearchPages when the caller names
// none: a page of events is a few megabytes, and the statement per page
// costs well under a millisecond.
const DefaultPageSize = 1000

// SearchPages calls fn with the events q selects in pages of at most size
// events (DefaultPageSize when size <= 0), in the order of Search. Each
// page is its own short statement, resuming after the last event of the
// previous one (keyset paging on time and ID), so a long hunt does not hold
// one read snapshot open for its whole window: the write-ahead log can be
// checkpointed under it while an ingest writes. An event ingested into the
// part of the window not yet read is seen; one ingested behind the cursor
// is not. Pages and their events are fn's to keep.
func (db *DB) SearchPages(ctx context.Context, q huntflow.Query, size int, fn func([]*huntflow.Event) error) error {
	if size <= 0 {
		size = DefaultPageSize
	}
	w, args := where(q)
	left := q.Limit // 0: no limit
	// Events without a time sort first (NULL), and only a query without a
	// start selects them: page through them by ID, then through the rest
	// by time and ID.
	phases := []bool{false}
	if q.Start.IsZero() {
		phases = []bool{true, false}
	}
	for _, nullTime := range phases {
		var (
			started bool
			lastTS  int64
			lastID  string
		)
		for {
			n := size
			if q.Limit > 0 {
				if left <= 0 {
					return nil
				}
				n = min(n, left)
			}
			conds, cargs := []string{}, slices.Clone(args)
			order := " ORDER BY ts, id"
			switch {
			case nullTime:
				conds = append(conds, "ts IS NULL")
				order = " ORDER BY id"
				if started {
					conds = append(conds, "id > ?")
					cargs = append(cargs, lastID)
				}
			case started:
				// The plain range on ts lets every (…, ts) index serve it.
				conds = append(conds, "ts >= ?", "(ts > ? OR id > ?)")
				cargs = append(cargs, lastTS, lastTS, lastID)
			case q.Start.IsZero():
				conds = append(conds, "ts IS NOT NULL")
			}
			query := "SELECT " + searchColumns + " FROM events" + andWhere(w, conds) + order + " LIMIT ?"
			cargs = append(cargs, n)
			page := make([]*huntflow.Event, 0, n)
			if err := db.query(ctx, query, cargs, func(e *huntflow.Event) error {
				page = append(page, e)
				return nil
			}); err != nil {
				return err
			}
			if len(page) == 0 {
				break
			}
			last := page[len(page)-1]
			started, lastTS, lastID = true, clampNanos(last.Time), last.ID
			left -= len(page)
			if err := fn(page); err != nil {
				return err
			}
			if len(page) < n {
				break
			}
		}
	}
	return nil
}

// andWhere adds conditions to a WHERE clause rendered by where.
func andWhere(w string, conds []string) string {
	if len(conds) == 0 {
		return w
	}
	extra := strings.Join(conds, " AND ")
	if w == "" {
		return " WHERE " + extra
	}
	return w + " AND " + extra
}

// Stats counts the events q selects and names their hosts; q.Limit is
// ignored. Hosts are listed once per case-insensitive name, sorted.
func (db *DB) Stats(ctx context.Context, q huntflow.Query) (huntflow.Stats, error) {
	if q.KQL != "" {
		return db.statsKQL(ctx, q)
	}
	w, args := where(q)
	var (
		st          huntflow.Stats
		first, last sql.NullInt64
	)
	// One read transaction, so the count and the host list agree while an
	// ingest is writing.
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return st, fmt.Errorf("event stats: %w", err)
	}
	defer tx.Rollback()
	err = tx.QueryRowContext(ctx, "SELECT count(*), min(ts), max(ts) FROM events"+w, args...).
		Scan(&st.Events, &first, &last)
	if err != nil {
		return st, fmt.Errorf("event stats: %w", err)
	}
	st.First, st.Last = fromNanos(first), fromNanos(last)
	if st.Events == 0 {
		return st, nil
	}
	rows, err := tx.QueryContext(ctx, "SELECT min(host) FROM events"+w+" GROUP BY host_key HAVING host_key <> '' ORDER BY host_key", args...)
	if err != nil {
		return st, fmt.Errorf("event stats: hosts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return st, fmt.Errorf("event stats: hosts: %w", err)
		}
		st.Hosts = append(st.Hosts, h)
	}
	if err := rows.Err(); err != nil {
		return st, fmt.Errorf("event stats: hosts: %w", err)
	}
	return st, nil
}

// Span summarises the whole store: how many events, on which hosts, from
// when to when.
func (db *DB) Span(ctx context.Context) (huntflow.Stats, error) {
	return db.Stats(ctx, huntflow.Query{})
}

// Raw returns the original line of the event with the given ID, or an error
// wrapping ErrNotFound. It is for tests and debugging: no index holds IDs
// alone (see schemaVersion), so on a version 2 store it reads the table.
func (db *DB) Raw(ctx context.Context, id string) ([]byte, error) {
	var body []byte
	err := db.r.QueryRowContext(ctx, "SELECT body FROM events WHERE id = ?", id).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("raw event %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("raw event %s: %w", id, err)
	}
	var dec bodyDecoder
	_, raw, err := dec.block(body)
	if err != nil {
		return nil, fmt.Errorf("raw event %s: %w", id, err)
	}
	if raw == nil {
		return nil, nil
	}
	// raw aliases the decoder's buffer or body; both are ours alone.
	return raw[:len(raw):len(raw)], nil
}
