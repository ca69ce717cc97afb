package kql

import (
	"fmt"
	"strings"
)

// String formats a query as KQL that parses back to the same query. Code
// that builds queries from attacker-controlled values builds nodes and
// formats them, so a value can never break out of its place.
func String(n Node) string {
	var b strings.Builder
	format(&b, n, 0)
	return b.String()
}

// precedence: or 1, and 2, not/atoms 3.
func format(b *strings.Builder, n Node, outer int) {
	switch n := n.(type) {
	case Or:
		group(b, outer > 1, func() {
			for i, t := range n.Terms {
				if i > 0 {
					b.WriteString(" or ")
				}
				format(b, t, 1)
			}
		})
	case And:
		if len(n.Terms) == 0 {
			return
		}
		group(b, outer > 2, func() {
			for i, t := range n.Terms {
				if i > 0 {
					b.WriteString(" and ")
				}
				format(b, t, 2)
			}
		})
	case Not:
		b.WriteString("not ")
		format(b, n.Term, 3)
	case Nested:
		b.WriteString(FieldName(n.Path))
		b.WriteString(":{ ")
		format(b, n.Query, 0)
		b.WriteString(" }")
	case Exists:
		b.WriteString(FieldName(n.Field))
		b.WriteString(":*")
	case Range:
		b.WriteString(FieldName(n.Field))
		b.WriteString(" " + n.Op + " ")
		b.WriteString(Quote(n.Value))
	case Match:
		if n.Field != "" {
			b.WriteString(FieldName(n.Field))
			b.WriteString(":")
		}
		b.WriteString(formatValue(n.Value))
	}
}

func group(b *strings.Builder, paren bool, body func()) {
	if paren {
		b.WriteByte('(')
	}
	body()
	if paren {
		b.WriteByte(')')
	}
}

// Quote returns s as a KQL quoted string: an exact phrase, no wildcards.
func Quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// FieldName returns a field name as KQL writes it: plain when it is a plain
// dotted name (wildcards allowed), else quoted.
func FieldName(f string) string {
	if f == "" || keywordFollows(f) || !plainField(f) {
		return Quote(f)
	}
	return f
}

func plainField(f string) bool {
	for i := 0; i < len(f); i++ {
		if c := f[i]; c != '*' && (strings.IndexByte(special, c) >= 0 || c <= ' ' || c == 0x7f) {
			return false
		}
	}
	return true
}

// Wildcard builds a value that matches parts in order with anything between
// and around them as the flags say: Wildcard(true, true, "sekurlsa") is
// *sekurlsa*. Every character of the parts is literal.
func Wildcard(leading, trailing bool, parts ...string) Value {
	var v Value
	var b strings.Builder
	star := func() {
		v.Wild = append(v.Wild, b.Len())
		b.WriteByte('*')
	}
	parts = append([]string(nil), parts...)
	// An unquoted literal loses white space at its ends.
	if len(parts) > 0 && !leading {
		parts[0] = strings.TrimLeft(parts[0], " \t\r\n")
	}
	if len(parts) > 0 && !trailing {
		parts[len(parts)-1] = strings.TrimRight(parts[len(parts)-1], " \t\r\n")
	}
	if leading {
		star()
	}
	for i, p := range parts {
		if i > 0 {
			star()
		}
		b.WriteString(p)
	}
	if trailing {
		star()
	}
	v.Text = b.String()
	return v
}

// Exact builds a value that matches s exactly.
func Exact(s string) Value { return Value{Text: s, Quoted: true} }

func formatValue(v Value) string {
	if v.Quoted || strings.TrimSpace(v.Text) == "" {
		return Quote(v.Text)
	}
	var b strings.Builder
	wild := 0
	i := escapeKeyword(&b, v.Text)
	for ; i < len(v.Text); i++ {
		c := v.Text[i]
		if wild < len(v.Wild) && v.Wild[wild] == i {
			b.WriteByte('*')
			wild++
			continue
		}
		switch {
		case strings.IndexByte(special, c) >= 0:
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == ' ' && (strings.TrimLeft(v.Text[:i], " ") == "" || strings.TrimRight(v.Text[i:], " ") == ""):
			// White space at a literal's ends would be trimmed.
			b.WriteString(`\u0020`)
		case c == ' ':
			b.WriteByte(' ')
			i += escapeKeyword(&b, v.Text[i+1:])
		case c == '\t':
			b.WriteString(`\t`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\n':
			b.WriteString(`\n`)
		case c < ' ' || c == 0x7f:
			fmt.Fprintf(&b, `\u%04x`, c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// keywordFollows reports whether s starts with and/or/not followed by white
// space or the end.
func keywordFollows(s string) bool {
	for _, kw := range []string{"and", "or", "not"} {
		if len(s) >= len(kw) && strings.EqualFold(s[:len(kw)], kw) && (len(s) == len(kw) || isSpace(s[len(kw)])) {
			return true
		}
	}
	return false
}

// escapeKeyword writes an escaped keyword when s starts with one and
// returns its length: \and and \or escape as such; "not" cannot (\n is a
// newline), so its n is written as \u006e, as Kibana's grammar allows.
func escapeKeyword(b *strings.Builder, s string) int {
	if !keywordFollows(s) {
		return 0
	}
	n := 3
	if strings.EqualFold(s[:2], "or") {
		n = 2
	}
	if strings.EqualFold(s[:n], "not") {
		fmt.Fprintf(b, `\u%04x%s`, s[0], s[1:n])
		return n
	}
	b.WriteByte('\\')
	b.WriteString(s[:n])
	return n
}
