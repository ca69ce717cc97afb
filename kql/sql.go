package kql

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Column is a field a SQL store keeps in a column of its own.
type Column struct {
	// Name is the SQL column (or expression).
	Name string
	// Integer columns compare numbers; others compare text.
	Integer bool
}

// ToSQL returns a SQL condition (with ? placeholders and its arguments)
// that every row matching n satisfies, over the fields the store keeps in
// columns (keyed by KQL field name). It is a prefilter: rows it keeps must
// still be checked with Eval, since fields outside columns, negations and
// non-ASCII case folding are not pushed down (they become TRUE). An empty
// condition means no filter.
func ToSQL(n Node, columns map[string]Column) (string, []any) {
	w := sqlWriter{cols: columns}
	cond := w.node(n)
	if cond == "" || cond == "1" {
		return "", nil
	}
	return cond, w.args
}

type sqlWriter struct {
	cols map[string]Column
	args []any
}

// node returns a condition, or "1" when nothing can be pushed down.
func (w *sqlWriter) node(n Node) string {
	switch n := n.(type) {
	case And:
		var parts []string
		for _, t := range n.Terms {
			if c := w.node(t); c != "1" {
				parts = append(parts, c)
			}
		}
		if len(parts) == 0 {
			return "1"
		}
		return "(" + strings.Join(parts, " AND ") + ")"
	case Or:
		parts := make([]string, 0, len(n.Terms))
		mark := len(w.args)
		for _, t := range n.Terms {
			c := w.node(t)
			if c == "1" {
				w.args = w.args[:mark]
				return "1"
			}
			parts = append(parts, c)
		}
		return "(" + strings.Join(parts, " OR ") + ")"
	case Exists:
		col, ok := w.cols[n.Field]
		if !ok {
			return "1"
		}
		if col.Integer {
			return col.Name + " IS NOT NULL"
		}
		return col.Name + " <> ''"
	case Range:
		col, ok := w.cols[n.Field]
		if !ok || !col.Integer {
			return "1"
		}
		v, err := strconv.ParseInt(strings.TrimSpace(n.Value), 10, 64)
		if err != nil {
			return "1"
		}
		w.args = append(w.args, v)
		return col.Name + " " + n.Op + " ?"
	case Match:
		col, ok := w.cols[n.Field]
		if !ok || n.Field == "" {
			return "1"
		}
		if col.Integer {
			if n.Value.IsWildcard() {
				return "1"
			}
			v, err := strconv.ParseInt(strings.TrimSpace(n.Value.Text), 10, 64)
			if err != nil {
				return "0"
			}
			w.args = append(w.args, v)
			return col.Name + " = ?"
		}
		if !isASCII(n.Value.Text) {
			// SQLite folds only ASCII case; Eval folds all of Unicode.
			return "1"
		}
		if !n.Value.IsWildcard() {
			w.args = append(w.args, n.Value.Text)
			return col.Name + " = ? COLLATE NOCASE"
		}
		w.args = append(w.args, likePattern(n.Value))
		return col.Name + ` LIKE ? ESCAPE '\'`
	}
	// Not and Nested are checked by Eval alone.
	return "1"
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// likePattern turns a wildcard value into a LIKE pattern (ASCII
// case-insensitive in SQLite, as Eval is).
func likePattern(v Value) string {
	return v.pattern('%', `%_\`)
}
