package sigma

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// partKind is the kind of one piece of a Sigma string value.
type partKind uint8

const (
	partLit  partKind = iota // literal text
	partStar                 // * : any run of characters
	partOne                  // ? : exactly one character
	partDash                 // one of the windash characters
)

// windashChars are the characters the windash modifier makes
// interchangeable: hyphen, slash, en dash, em dash and horizontal bar.
const windashChars = "-/\u2013\u2014\u2015"

const windashCount = 5

func isDash(r rune) bool { return strings.ContainsRune(windashChars, r) }

type part struct {
	kind partKind
	lit  string
}

// sstring is a Sigma string value: literal text with wildcards, after escape
// processing. Value modifiers transform sstrings before they are compiled
// into matchers.
type sstring []part

// parseSString applies the Sigma escaping rules: a backslash escapes *, ?
// and itself, and is literal before anything else. So `C:\Windows` and
// `C:\\Windows` are the same value, `\*` is a literal star, `\\*` is a
// backslash followed by a wildcard.
func parseSString(raw string) sstring {
	var out sstring
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			out = append(out, part{kind: partLit, lit: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(raw); i++ {
		switch c := raw[i]; c {
		case '\\':
			if i+1 < len(raw) && (raw[i+1] == '*' || raw[i+1] == '?' || raw[i+1] == '\\') {
				i++
				lit.WriteByte(raw[i])
			} else {
				lit.WriteByte(c)
			}
		case '*':
			flush()
			if len(out) == 0 || out[len(out)-1].kind != partStar {
				out = append(out, part{kind: partStar})
			}
		case '?':
			flush()
			out = append(out, part{kind: partOne})
		default:
			lit.WriteByte(c)
		}
	}
	flush()
	return out
}

// literal returns s as an sstring holding exactly that text.
func literal(s string) sstring {
	if s == "" {
		return nil
	}
	return sstring{{kind: partLit, lit: s}}
}

func (s sstring) hasWildcards() bool {
	for _, p := range s {
		if p.kind == partStar || p.kind == partOne {
			return true
		}
	}
	return false
}

// wrap puts stars at the start and/or end, as contains, startswith and
// endswith do, without doubling stars already there.
func (s sstring) wrap(front, back bool) sstring {
	out := make(sstring, 0, len(s)+2)
	if front && (len(s) == 0 || s[0].kind != partStar) {
		out = append(out, part{kind: partStar})
	}
	out = append(out, s...)
	if back && (len(out) == 0 || out[len(out)-1].kind != partStar) {
		out = append(out, part{kind: partStar})
	}
	return out
}

func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// windash marks the command-line switch characters of s as interchangeable
// dashes. Like the reference implementation, only a - or / that starts a
// switch counts: one at the start of a literal run or after a non-word
// character, and followed by a word character. So "-enc" and " /c" change,
// "x86-64" and "C:/dir" do not.
func (s sstring) windash() sstring {
	var out sstring
	for _, p := range s {
		if p.kind != partLit {
			out = append(out, p)
			continue
		}
		start := 0
		prev := rune(-1)
		for i := 0; i < len(p.lit); {
			r, n := utf8.DecodeRuneInString(p.lit[i:])
			if r == '-' || r == '/' {
				next, _ := utf8.DecodeRuneInString(p.lit[i+n:])
				if (prev < 0 || !isWordRune(prev)) && i+n < len(p.lit) && isWordRune(next) {
					if i > start {
						out = append(out, part{kind: partLit, lit: p.lit[start:i]})
					}
					out = append(out, part{kind: partDash})
					start = i + n
				}
			}
			prev = r
			i += n
		}
		if start < len(p.lit) {
			out = append(out, part{kind: partLit, lit: p.lit[start:]})
		}
	}
	return out
}

// expandDashes returns every variant of s with its dash classes replaced by
// concrete characters, for the encoding modifiers that need plain bytes.
func (s sstring) expandDashes(limit int) ([]sstring, bool) {
	variants := []sstring{nil}
	for _, p := range s {
		if p.kind != partDash {
			for i := range variants {
				variants[i] = appendPart(variants[i], p)
			}
			continue
		}
		if len(variants)*windashCount > limit {
			return nil, false
		}
		next := make([]sstring, 0, len(variants)*windashCount)
		for _, v := range variants {
			for _, d := range windashChars {
				next = append(next, appendPart(append(sstring(nil), v...), part{kind: partLit, lit: string(d)}))
			}
		}
		variants = next
	}
	return variants, true
}

// appendPart appends p to s, merging adjacent literals.
func appendPart(s sstring, p part) sstring {
	if p.kind == partLit && len(s) > 0 && s[len(s)-1].kind == partLit {
		s[len(s)-1].lit += p.lit
		return s
	}
	return append(s, p)
}

// glob matches a value against a wildcard pattern: segments of literals,
// single-character wildcards and dash classes, separated by stars.
type glob struct {
	segs        []segment
	anchorStart bool // the pattern does not begin with a star
	anchorEnd   bool // the pattern does not end with a star
}

type segment []piece

type piece struct {
	kind partKind // partLit, partOne or partDash
	n    needle
}

func newGlob(s sstring, fold bool) *glob {
	g := &glob{anchorStart: len(s) > 0 && s[0].kind != partStar, anchorEnd: len(s) > 0 && s[len(s)-1].kind != partStar}
	var cur segment
	for _, p := range s {
		switch p.kind {
		case partStar:
			if len(cur) > 0 {
				g.segs = append(g.segs, cur)
				cur = nil
			}
		case partLit:
			cur = append(cur, piece{kind: partLit, n: newNeedle(p.lit, fold)})
		default:
			cur = append(cur, piece{kind: p.kind})
		}
	}
	if len(cur) > 0 {
		g.segs = append(g.segs, cur)
	}
	return g
}

func (g *glob) match(s string) bool {
	segs := g.segs
	if len(segs) == 0 {
		return !g.anchorStart || s == ""
	}
	if g.anchorStart && g.anchorEnd && len(segs) == 1 {
		n, ok := segs[0].matchPrefix(s)
		return ok && n == len(s)
	}
	lo, hi := 0, len(s)
	if g.anchorStart {
		n, ok := segs[0].matchPrefix(s)
		if !ok {
			return false
		}
		lo = n
		segs = segs[1:]
	}
	if g.anchorEnd {
		n, ok := segs[len(segs)-1].matchSuffix(s[lo:])
		if !ok {
			return false
		}
		hi = len(s) - n
		segs = segs[:len(segs)-1]
	}
	// Taking the leftmost occurrence of each middle segment is enough: a
	// segment matches a fixed number of characters, so the leftmost match
	// also ends first and leaves the most room for the rest.
	for _, seg := range segs {
		_, end := seg.index(s[lo:hi])
		if end < 0 {
			return false
		}
		lo += end
	}
	return true
}

func (g segment) matchPrefix(s string) (int, bool) {
	i := 0
	for k := range g {
		p := &g[k]
		if p.kind == partLit {
			n, ok := p.n.hasPrefix(s[i:])
			if !ok {
				return 0, false
			}
			i += n
			continue
		}
		if i >= len(s) {
			return 0, false
		}
		r, n := decodeRune(s[i:])
		if p.kind == partDash && !isDash(r) {
			return 0, false
		}
		i += n
	}
	return i, true
}

func (g segment) matchSuffix(s string) (int, bool) {
	i := len(s)
	for k := len(g) - 1; k >= 0; k-- {
		p := &g[k]
		if p.kind == partLit {
			n, ok := p.n.hasSuffix(s[:i])
			if !ok {
				return 0, false
			}
			i -= n
			continue
		}
		if i <= 0 {
			return 0, false
		}
		r, n := decodeLastRune(s[:i])
		if p.kind == partDash && !isDash(r) {
			return 0, false
		}
		i -= n
	}
	return len(s) - i, true
}

// index returns the span of the leftmost match of the segment in s, or
// -1, -1.
func (g segment) index(s string) (int, int) {
	if g[0].kind == partLit {
		for from := 0; from <= len(s); {
			start, end := g[0].n.index(s[from:])
			if start < 0 {
				return -1, -1
			}
			start += from
			end += from
			if n, ok := g[1:].matchPrefix(s[end:]); ok {
				return start, end + n
			}
			from = start + 1
		}
		return -1, -1
	}
	for i := 0; i < len(s); i++ {
		if !utf8.RuneStart(s[i]) {
			continue
		}
		if n, ok := g.matchPrefix(s[i:]); ok {
			return i, i + n
		}
	}
	return -1, -1
}
