package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/huntflow/huntflow"
)

// clockSamples is how many events with a local time each host's offset is
// learnt from: spread over the host's whole span, so a clock change shows
// up as a split vote rather than being missed.
const clockSamples = 64

var _ huntflow.ClockReader = (*DB)(nil)

// HostClocks returns each host's span of events and, where its events carry
// local times (EventTime) beside UTC ones, the local clock's offset, learnt
// from the stored pairs.
func (db *DB) HostClocks(ctx context.Context, host string) ([]huntflow.HostClock, error) {
	q := "SELECT min(host), host_key, count(*), min(ts), max(ts) FROM events WHERE host_key <> ''"
	var args []any
	if host != "" {
		q += " AND host_key = ?"
		args = append(args, strings.ToLower(host))
	}
	q += " GROUP BY host_key ORDER BY host_key"
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("host clocks: %w", err)
	}
	type span struct {
		c   huntflow.HostClock
		key string
	}
	var spans []span
	for rows.Next() {
		var s span
		var first, last sql.NullInt64
		if err := rows.Scan(&s.c.Host, &s.key, &s.c.Events, &first, &last); err != nil {
			rows.Close()
			return nil, fmt.Errorf("host clocks: %w", err)
		}
		s.c.First, s.c.Last = fromNanos(first), fromNanos(last)
		spans = append(spans, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("host clocks: %w", err)
	}
	out := make([]huntflow.HostClock, 0, len(spans))
	for _, s := range spans {
		pairs, err := db.clockPairs(ctx, s.key, s.c.First, s.c.Last)
		if err != nil {
			return nil, err
		}
		if off, agree := huntflow.LearnOffset(pairs); agree > 0 {
			s.c.Offset, s.c.Known, s.c.Samples = off, true, agree
		}
		out = append(out, s.c)
	}
	return out, nil
}

// clockPairs samples (local, UTC) time pairs of a host across its span: the
// earliest events with a local time in each of a few slices of the span.
func (db *DB) clockPairs(ctx context.Context, key string, first, last time.Time) ([][2]time.Time, error) {
	const slices = 8
	var pairs [][2]time.Time
	step := last.Sub(first) / slices
	for i := 0; i < slices; i++ {
		from := first.Add(step * time.Duration(i))
		rows, err := db.r.QueryContext(ctx,
			"SELECT local_time, ts FROM events WHERE host_key = ? AND ts >= ? AND local_time <> '' ORDER BY ts LIMIT ?",
			key, clampNanos(from), clockSamples/slices)
		if err != nil {
			return nil, fmt.Errorf("host clocks %s: %w", key, err)
		}
		found := 0
		for rows.Next() {
			found++
			var local string
			var ts sql.NullInt64
			if err := rows.Scan(&local, &ts); err != nil {
				rows.Close()
				return nil, fmt.Errorf("host clocks %s: %w", key, err)
			}
			if lt, ok := huntflow.ParseLocalTime(local); ok && ts.Valid {
				pairs = append(pairs, [2]time.Time{lt, fromNanos(ts)})
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("host clocks %s: %w", key, err)
		}
		// The first slice starts at the host's first event: finding no
		// local time there means the host has none, and every later slice
		// would scan the rest of its events only to say so again.
		if step == 0 || found == 0 && i == 0 {
			break
		}
	}
	return pairs, nil
}
