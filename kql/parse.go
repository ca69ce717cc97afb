// Package kql parses Kibana Query Language (KQL) and runs it: it evaluates a
// query over any document that can look up its fields, translates it to
// Elasticsearch query DSL the way Kibana does, and to a SQL prefilter for
// stores that keep some fields in columns.
//
// The grammar is Kibana's (src/plugins/data/common/es_query/kuery):
//
//	query        = or
//	or           = and  ("or"  and)*
//	and          = not  ("and" not)*
//	not          = ["not"] sub
//	sub          = "(" or ")" | field ":" "{" or "}" | expression
//	expression   = field ("<"|"<="|">"|">=") literal
//	             | field ":" values
//	             | value
//	values       = "(" or-of-values ")" | value
//	value        = quoted-string | unquoted-literal (may hold * wildcards)
//
// Keywords are case-insensitive and need white space around them; an
// unquoted literal may hold inner spaces ("a b" without quotes is one value)
// and escapes \\ \( \) \: \< \> \" \* \{ \} \t \r \n and \and \or \not.
package kql

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Node is a parsed KQL query.
type Node interface{ kqlNode() }

// Or is true when any of its terms is.
type Or struct{ Terms []Node }

// And is true when all of its terms are.
type And struct{ Terms []Node }

// Not negates its term.
type Not struct{ Term Node }

// Nested runs Query on the objects of the nested field Path (`path:{…}`).
type Nested struct {
	Path  string
	Query Node
}

// Match is `field:value`; an empty Field is a free-text value matched
// against every field.
type Match struct {
	Field string
	Value Value
}

// Exists is `field:*`.
type Exists struct{ Field string }

// Range is `field >= value` and its siblings.
type Range struct {
	Field string
	Op    string // "<", "<=", ">", ">="
	Value string
}

func (Or) kqlNode()     {}
func (And) kqlNode()    {}
func (Not) kqlNode()    {}
func (Nested) kqlNode() {}
func (Match) kqlNode()  {}
func (Exists) kqlNode() {}
func (Range) kqlNode()  {}

// Value is a literal. Quoted values are phrases and never wildcards.
type Value struct {
	// Text is the value with escapes resolved; a wildcard is the byte '*'
	// only where Wild marks it.
	Text   string
	Quoted bool
	// Wild holds the byte offsets in Text of unescaped '*' wildcards.
	Wild []int
}

// IsWildcard reports whether the value holds at least one wildcard.
func (v Value) IsWildcard() bool { return len(v.Wild) > 0 }

// pattern writes the value in another wildcard syntax: each wildcard as
// star, and a backslash before every literal byte in special.
func (v Value) pattern(star byte, special string) string {
	var b strings.Builder
	wild := 0
	for i := 0; i < len(v.Text); i++ {
		c := v.Text[i]
		if wild < len(v.Wild) && v.Wild[wild] == i {
			b.WriteByte(star)
			wild++
			continue
		}
		if strings.IndexByte(special, c) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

// SyntaxError is a query that does not parse. Pos is the byte offset of the
// problem in Query.
type SyntaxError struct {
	Query string
	Pos   int
	Msg   string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("kql: %s at position %d\n  %s\n  %s^", e.Msg, e.Pos+1, e.Query, strings.Repeat(" ", utf8.RuneCountInString(e.Query[:min(e.Pos, len(e.Query))])))
}

// MaxQueryLen bounds a query's size: queries come from reports and users,
// and a parser is no place for unbounded recursion.
const (
	MaxQueryLen = 64 << 10
	maxDepth    = 100
)

// Parse parses a KQL query. An empty query matches everything and parses to
// an empty And.
func Parse(q string) (Node, error) {
	if len(q) > MaxQueryLen {
		return nil, &SyntaxError{Query: q[:80] + "…", Pos: 0, Msg: fmt.Sprintf("query longer than %d bytes", MaxQueryLen)}
	}
	for i, r := range q {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(q[i:]); size == 1 {
				return nil, &SyntaxError{Query: strings.ToValidUTF8(q, "?"), Pos: i, Msg: "invalid UTF-8"}
			}
		}
	}
	p := &parser{src: q}
	p.skipSpace()
	if p.eof() {
		return And{}, nil
	}
	n, err := p.or(false)
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if !p.eof() {
		return nil, p.errorf("unexpected %q", p.peekToken())
	}
	return n, nil
}

// MustParse is Parse for queries written in code; it panics on a syntax
// error.
func MustParse(q string) Node {
	n, err := Parse(q)
	if err != nil {
		panic(err)
	}
	return n
}

type parser struct {
	src   string
	pos   int
	depth int
}

func (p *parser) eof() bool { return p.pos >= len(p.src) }

func (p *parser) errorf(format string, args ...any) error {
	return &SyntaxError{Query: p.src, Pos: p.pos, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) peekToken() string {
	rest := p.src[p.pos:]
	if i := strings.IndexAny(rest, " \t\r\n"); i > 0 {
		rest = rest[:i]
	}
	if len(rest) > 20 {
		rest = rest[:20] + "…"
	}
	return rest
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func (p *parser) skipSpace() {
	for !p.eof() && isSpace(p.src[p.pos]) {
		p.pos++
	}
}

// keyword reports whether the keyword kw (or/and/not) starts at pos, as a
// whole word followed by white space (or, for not, an opening parenthesis
// or brace is not enough: Kibana wants a space).
func (p *parser) keywordAt(pos int, kw string) bool {
	end := pos + len(kw)
	if end > len(p.src) || !strings.EqualFold(p.src[pos:end], kw) {
		return false
	}
	return end < len(p.src) && isSpace(p.src[end])
}

// acceptKeyword consumes white space, the keyword and the white space after
// it, when they are there.
func (p *parser) acceptKeyword(kw string) bool {
	save := p.pos
	p.skipSpace()
	if kw != "not" && p.pos == save && p.pos > 0 && !isSpace(p.src[p.pos-1]) && p.src[p.pos-1] != ')' && p.src[p.pos-1] != '"' && p.src[p.pos-1] != '}' {
		// "aor b": or/and need a space (or a closing token) before them.
		return false
	}
	if p.keywordAt(p.pos, kw) {
		p.pos += len(kw)
		p.skipSpace()
		return true
	}
	p.pos = save
	return false
}

func (p *parser) enter() error {
	p.depth++
	if p.depth > maxDepth {
		return p.errorf("query nested deeper than %d levels", maxDepth)
	}
	return nil
}

// or parses or-expressions; values is true inside a field's list of values.
func (p *parser) or(values bool) (Node, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	terms, err := p.list("or", values, p.and)
	if err != nil || len(terms) == 1 {
		return first(terms), err
	}
	return Or{Terms: terms}, nil
}

func (p *parser) and(values bool) (Node, error) {
	terms, err := p.list("and", values, p.not)
	if err != nil || len(terms) == 1 {
		return first(terms), err
	}
	return And{Terms: terms}, nil
}

// list parses operands joined by the keyword kw.
func (p *parser) list(kw string, values bool, operand func(bool) (Node, error)) ([]Node, error) {
	var terms []Node
	for {
		n, err := operand(values)
		if err != nil {
			return nil, err
		}
		terms = append(terms, n)
		if !p.acceptKeyword(kw) {
			return terms, nil
		}
	}
}

func first(ns []Node) Node {
	if len(ns) == 0 {
		return nil
	}
	return ns[0]
}

func (p *parser) not(values bool) (Node, error) {
	p.skipSpace()
	if p.acceptKeyword("not") {
		n, err := p.sub(values)
		if err != nil {
			return nil, err
		}
		return Not{Term: n}, nil
	}
	return p.sub(values)
}

func (p *parser) sub(values bool) (Node, error) {
	p.skipSpace()
	if p.eof() {
		return nil, p.errorf("expected a query, found the end")
	}
	if p.src[p.pos] == '(' {
		p.pos++
		return p.enclosed(values, ')')
	}
	if values {
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		return Match{Value: v}, nil
	}
	return p.expression()
}

// enclosed parses an or-expression that follows an opening bracket, and
// the closing one.
func (p *parser) enclosed(values bool, closing byte) (Node, error) {
	n, err := p.or(values)
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.eof() || p.src[p.pos] != closing {
		return nil, p.errorf("expected %c", closing)
	}
	p.pos++
	return n, nil
}

// expression parses field:{…}, field:values, field <op> literal, or a bare
// value.
func (p *parser) expression() (Node, error) {
	start := p.pos
	lit, err := p.value()
	if err != nil {
		return nil, err
	}
	afterLit := p.pos
	p.skipSpace()
	if p.eof() {
		return Match{Value: lit}, nil
	}
	switch c := p.src[p.pos]; {
	case c == ':':
		field := fieldName(lit)
		if field == "" {
			return nil, &SyntaxError{Query: p.src, Pos: start, Msg: "empty field name"}
		}
		p.pos++
		p.skipSpace()
		if p.eof() {
			return nil, p.errorf("expected a value after %q:", field)
		}
		if p.src[p.pos] == '{' {
			p.pos++
			if err := p.enter(); err != nil {
				return nil, err
			}
			q, err := p.enclosed(false, '}')
			p.depth--
			if err != nil {
				return nil, err
			}
			return Nested{Path: field, Query: q}, nil
		}
		if p.src[p.pos] == '(' {
			p.pos++
			n, err := p.enclosed(true, ')')
			if err != nil {
				return nil, err
			}
			return withField(n, field), nil
		}
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		return withField(Match{Value: v}, field), nil
	case c == '<' || c == '>':
		field := fieldName(lit)
		op := string(c)
		p.pos++
		if !p.eof() && p.src[p.pos] == '=' {
			op += "="
			p.pos++
		}
		p.skipSpace()
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		if v.IsWildcard() {
			return nil, p.errorf("a range takes no wildcard")
		}
		return Range{Field: field, Op: op, Value: v.Text}, nil
	}
	p.pos = afterLit
	return Match{Value: lit}, nil
}

// fieldName turns a literal into a field name (a field name may itself be
// quoted; wildcards stay as '*').
func fieldName(v Value) string { return strings.TrimSpace(v.Text) }

// withField puts the matches of a list of values on field; `field:*` is an
// existence test.
func withField(n Node, field string) Node {
	switch n := n.(type) {
	case Match:
		if !n.Value.Quoted && n.Value.Text == "*" && len(n.Value.Wild) == 1 {
			return Exists{Field: field}
		}
		n.Field = field
		return n
	case Or:
		out := make([]Node, len(n.Terms))
		for i, t := range n.Terms {
			out[i] = withField(t, field)
		}
		return Or{Terms: out}
	case And:
		out := make([]Node, len(n.Terms))
		for i, t := range n.Terms {
			out[i] = withField(t, field)
		}
		return And{Terms: out}
	case Not:
		return Not{Term: withField(n.Term, field)}
	}
	return n
}

const special = `\():<>"*{}`

// value parses a quoted string or an unquoted literal.
func (p *parser) value() (Value, error) {
	p.skipSpace()
	if p.eof() {
		return Value{}, p.errorf("expected a value, found the end")
	}
	if p.src[p.pos] == '"' {
		return p.quoted()
	}
	return p.unquoted()
}

func (p *parser) quoted() (Value, error) {
	start := p.pos
	p.pos++
	var b strings.Builder
	for {
		if p.eof() {
			return Value{}, &SyntaxError{Query: p.src, Pos: start, Msg: "unterminated quoted string"}
		}
		c := p.src[p.pos]
		switch c {
		case '"':
			p.pos++
			return Value{Text: b.String(), Quoted: true}, nil
		case '\\':
			if p.pos+1 >= len(p.src) {
				return Value{}, p.errorf("escape at the end of the query")
			}
			switch e := p.src[p.pos+1]; e {
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case 'n':
				b.WriteByte('\n')
			case 'u':
				r, ok := hex4(p.src[p.pos+2:])
				if !ok {
					return Value{}, p.errorf("\\u takes four hex digits")
				}
				b.WriteRune(r)
				p.pos += 4
			default:
				b.WriteByte(e)
			}
			p.pos += 2
		default:
			b.WriteByte(c)
			p.pos++
		}
	}
}

func (p *parser) unquoted() (Value, error) {
	start := p.pos
	var v Value
	var b strings.Builder
	for !p.eof() {
		c := p.src[p.pos]
		if isSpace(c) {
			// Inner spaces belong to the literal unless a keyword or the
			// end of the literal follows them.
			j := p.pos
			for j < len(p.src) && isSpace(p.src[j]) {
				j++
			}
			if j >= len(p.src) || strings.IndexByte(special, p.src[j]) >= 0 && p.src[j] != '\\' && p.src[j] != '*' ||
				p.keywordAt(j, "or") || p.keywordAt(j, "and") || p.keywordAt(j, "not") {
				break
			}
			b.WriteString(p.src[p.pos:j])
			p.pos = j
			continue
		}
		switch {
		case c == '\\':
			if p.pos+1 >= len(p.src) {
				return Value{}, p.errorf("escape at the end of the query")
			}
			e := p.src[p.pos+1]
			switch {
			case e == 't':
				b.WriteByte('\t')
				p.pos += 2
			case e == 'r':
				b.WriteByte('\r')
				p.pos += 2
			case e == 'n':
				b.WriteByte('\n')
				p.pos += 2
			case strings.IndexByte(special, e) >= 0:
				b.WriteByte(e)
				p.pos += 2
			case e == 'u':
				r, ok := hex4(p.src[p.pos+2:])
				if !ok {
					return Value{}, p.errorf("\\u takes four hex digits")
				}
				b.WriteRune(r)
				p.pos += 6
			default:
				// \and \or \not escape keywords.
				rest := p.src[p.pos+1:]
				kw := ""
				for _, k := range []string{"and", "or", "not"} {
					if len(rest) >= len(k) && strings.EqualFold(rest[:len(k)], k) {
						kw = rest[:len(k)]
						break
					}
				}
				if kw == "" {
					return Value{}, p.errorf("unknown escape \\%c (escape only \\():<>\"*{} and keywords)", e)
				}
				b.WriteString(kw)
				p.pos += 1 + len(kw)
			}
		case c == '*':
			v.Wild = append(v.Wild, b.Len())
			b.WriteByte('*')
			p.pos++
		case strings.IndexByte(special, c) >= 0:
			goto done
		default:
			r, size := utf8.DecodeRuneInString(p.src[p.pos:])
			if r == utf8.RuneError && size == 1 {
				return Value{}, p.errorf("invalid UTF-8")
			}
			b.WriteString(p.src[p.pos : p.pos+size])
			p.pos += size
		}
	}
done:
	if p.pos == start {
		return Value{}, p.errorf("expected a value, found %q", p.peekToken())
	}
	v.Text = b.String()
	if strings.TrimSpace(v.Text) == "" {
		return Value{}, &SyntaxError{Query: p.src, Pos: start, Msg: "empty value"}
	}
	return v, nil
}

func hex4(s string) (rune, bool) {
	if len(s) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range []byte(s[:4]) {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}
