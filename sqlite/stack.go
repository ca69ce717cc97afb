package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/huntflow/huntflow"
)

// StackCount is how often one value occurs among the events stacked.
type StackCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// stackColumn is how one stackable field is read and grouped.
type stackColumn struct {
	expr string
	// fold groups values case-insensitively: Windows paths, host and account
	// names differ in case between sources without naming different things.
	fold bool
}

// stackColumns is the allow-list of Stack fields. Only these fixed
// expressions ever reach the SQL text.
var stackColumns = map[string]stackColumn{
	"image":               {expr: "image", fold: true},
	"parent_image":        {expr: "parent_image", fold: true},
	"command_line":        {expr: "command_line"},
	"parent_command_line": {expr: "parent_command_line"},
	"host":                {expr: "host", fold: true},
	"user":                {expr: "user", fold: true},
	"event_id":            {expr: "CAST(event_id AS TEXT)"},
	"channel":             {expr: "channel"},
	"provider":            {expr: "provider"},
}

// FieldPrefix makes Stack read a key of Event.Fields: "fields.TargetImage"
// stacks the TargetImage field of the source events. Such values are
// counted exactly as written (no case folding).
const FieldPrefix = "fields."

// StackFields lists the fields Stack accepts besides FieldPrefix keys.
func StackFields() []string {
	return slices.Sorted(maps.Keys(stackColumns))
}

// Stack counts the distinct values of field among the events q selects,
// rarest first (ties by value), for least-frequency-of-occurrence hunting.
// Events where the field is empty are not counted. limit <= 0 returns every
// value; q.Limit is ignored. field is one of StackFields, or FieldPrefix
// followed by a key of Event.Fields made of letters, digits and "_-.@".
func (db *DB) Stack(ctx context.Context, q huntflow.Query, field string, limit int) ([]StackCount, error) {
	if key, ok := strings.CutPrefix(field, FieldPrefix); ok {
		if !validFieldKey(key) {
			return nil, fmt.Errorf("stack %q: invalid field key", field)
		}
		out, err := db.stackBody(ctx, q, key, limit)
		if err != nil {
			return nil, fmt.Errorf("stack %s: %w", field, err)
		}
		return out, nil
	}
	col, ok := stackColumns[field]
	if !ok {
		return nil, fmt.Errorf("stack %q: unknown field (want one of %s, or %s<key>)",
			field, strings.Join(StackFields(), ", "), FieldPrefix)
	}
	w, args := where(q)
	group := "v"
	if col.fold {
		group = "lower(v)"
	}
	query := "SELECT min(v), count(*) AS n FROM (SELECT " + col.expr + " AS v FROM events" + w +
		") WHERE v <> '' GROUP BY " + group + " ORDER BY n, 1"
	if limit > 0 {
		query += " LIMIT ?"
		args = append(args, limit)
	}
	rows, err := db.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("stack %s: %w", field, err)
	}
	defer rows.Close()
	var out []StackCount
	for rows.Next() {
		var c StackCount
		if err := rows.Scan(&c.Value, &c.Count); err != nil {
			return nil, fmt.Errorf("stack %s: %w", field, err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("stack %s: %w", field, err)
	}
	return out, nil
}

// stackBody stacks a key of Event.Fields. Fields live in the compressed
// body, so the counting happens here rather than in SQL.
func (db *DB) stackBody(ctx context.Context, q huntflow.Query, key string, limit int) ([]StackCount, error) {
	w, args := where(q)
	rows, err := db.r.QueryContext(ctx, "SELECT body FROM events"+w, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var (
		dec    bodyDecoder
		body   sql.RawBytes
		counts = make(map[string]int)
	)
	for n := 1; rows.Next(); n++ {
		if n%checkEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if err := rows.Scan(&body); err != nil {
			return nil, err
		}
		v, ok, err := dec.field(body, key)
		if err != nil {
			return nil, err
		}
		if ok && v != "" {
			counts[v]++
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]StackCount, 0, len(counts))
	for v, n := range counts {
		out = append(out, StackCount{Value: v, Count: n})
	}
	slices.SortFunc(out, func(a, b StackCount) int {
		return cmp.Or(cmp.Compare(a.Count, b.Count), strings.Compare(a.Value, b.Value))
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func validFieldKey(key string) bool {
	if key == "" || len(key) > 128 {
		return false
	}
	for _, c := range []byte(key) {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == '_', c == '-', c == '.', c == '@':
		default:
			return false
		}
	}
	return true
}
