package kql

import (
	"strconv"
	"strings"
)

// Doc is a document a query runs over: a flat set of named string fields.
type Doc interface {
	// Get returns the value of the named field.
	Get(field string) (string, bool)
	// Each calls fn for every field until fn returns false. Free-text values
	// and wildcard field names need it.
	Each(fn func(name, value string) bool)
}

// MapDoc is a Doc over a map.
type MapDoc map[string]string

// Get implements Doc.
func (m MapDoc) Get(f string) (string, bool) { v, ok := m[f]; return v, ok }

// Each implements Doc.
func (m MapDoc) Each(fn func(name, value string) bool) {
	for k, v := range m {
		if !fn(k, v) {
			return
		}
	}
}

// Eval reports whether doc matches n.
//
// Values compare case-insensitively, as a hunter expects of Windows names and
// paths (Elasticsearch keyword fields compare exactly; the report's queries
// are written with the case the events have, so both agree on them). A value
// without wildcards must equal the whole field; `*` matches any run of
// characters; a field name may hold wildcards too; a free-text value matches
// when any field matches it.
func Eval(n Node, doc Doc) bool { return eval(n, doc, "") }

func eval(n Node, doc Doc, prefix string) bool {
	switch n := n.(type) {
	case Or:
		for _, t := range n.Terms {
			if eval(t, doc, prefix) {
				return true
			}
		}
		return false
	case And:
		for _, t := range n.Terms {
			if !eval(t, doc, prefix) {
				return false
			}
		}
		return true
	case Not:
		return !eval(n.Term, doc, prefix)
	case Nested:
		return eval(n.Query, doc, prefix+n.Path+".")
	case Exists:
		found := false
		eachField(doc, prefix+n.Field, func(v string) bool {
			found = v != ""
			return !found
		})
		return found
	case Range:
		found := false
		eachField(doc, prefix+n.Field, func(v string) bool {
			found = inRange(v, n.Op, n.Value)
			return !found
		})
		return found
	case Match:
		m := newMatcher(n.Value)
		found := false
		if n.Field == "" {
			doc.Each(func(_, v string) bool {
				found = m.match(v)
				return !found
			})
			return found
		}
		eachField(doc, prefix+n.Field, func(v string) bool {
			found = m.match(v)
			return !found
		})
		return found
	}
	return false
}

// eachField calls fn with the value of field, or of every field whose name
// matches it when it holds wildcards.
func eachField(doc Doc, field string, fn func(v string) bool) {
	if !strings.Contains(field, "*") {
		if v, ok := doc.Get(field); ok {
			fn(v)
		}
		return
	}
	pat := globOf(field)
	doc.Each(func(name, v string) bool {
		if pat.match(name) {
			return fn(v)
		}
		return true
	})
}

func globOf(s string) matcher {
	v := Value{Text: s}
	for i := 0; i < len(s); i++ {
		if s[i] == '*' {
			v.Wild = append(v.Wild, i)
		}
	}
	return newMatcher(v)
}

// matcher matches a value: the literal runs between wildcards, lower-cased.
type matcher struct {
	parts []string // literal runs; a wildcard stands between two parts
	wild  bool
}

func newMatcher(v Value) matcher {
	if !v.IsWildcard() {
		return matcher{parts: []string{strings.ToLower(v.Text)}}
	}
	m := matcher{wild: true}
	last := 0
	for _, w := range v.Wild {
		m.parts = append(m.parts, strings.ToLower(v.Text[last:w]))
		last = w + 1
	}
	m.parts = append(m.parts, strings.ToLower(v.Text[last:]))
	return m
}

func (m matcher) match(s string) bool {
	s = strings.ToLower(s)
	if !m.wild {
		return s == m.parts[0]
	}
	first, last := m.parts[0], m.parts[len(m.parts)-1]
	if !strings.HasPrefix(s, first) {
		return false
	}
	s = s[len(first):]
	for _, mid := range m.parts[1 : len(m.parts)-1] {
		i := strings.Index(s, mid)
		if i < 0 {
			return false
		}
		s = s[i+len(mid):]
	}
	return strings.HasSuffix(s, last)
}

// inRange compares numerically when both sides are numbers, else as strings
// (ISO-8601 times compare correctly as strings).
func inRange(v, op, bound string) bool {
	c := 0
	a, errA := strconv.ParseFloat(strings.TrimSpace(v), 64)
	b, errB := strconv.ParseFloat(strings.TrimSpace(bound), 64)
	if errA == nil && errB == nil {
		switch {
		case a < b:
			c = -1
		case a > b:
			c = 1
		}
	} else {
		c = strings.Compare(v, bound)
	}
	switch op {
	case "<":
		return c < 0
	case "<=":
		return c <= 0
	case ">":
		return c > 0
	case ">=":
		return c >= 0
	}
	return false
}
