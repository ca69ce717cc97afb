package sigma

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// foldRune maps r to the form case-insensitive comparisons use: its lower
// case. Non-ASCII runes whose lower case is ASCII (the Kelvin sign, the
// dotted capital I) are left alone, so an ASCII byte of a needle only ever
// pairs with one ASCII byte of a value. That keeps byte offsets aligned for
// ASCII needles, which is what lets the fast paths below skip rune decoding
// and still agree with the slow path.
func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	l := unicode.ToLower(r)
	if l < utf8.RuneSelf {
		return r
	}
	return l
}

func lowerASCII(b byte) byte {
	if 'A' <= b && b <= 'Z' {
		return b + 'a' - 'A'
	}
	return b
}

func upperASCII(b byte) byte {
	if 'a' <= b && b <= 'z' {
		return b - ('a' - 'A')
	}
	return b
}

// foldString folds s once, at compile time, so needles need no folding when
// events are matched. Invalid bytes are kept as they are, to match the same
// bytes in values.
func foldString(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			b.WriteByte(s[i])
		} else {
			b.WriteRune(foldRune(r))
		}
		i += n
	}
	return b.String()
}

// caseless reports whether s is valid UTF-8 made of runes that no other
// rune folds to, so that comparing it case-insensitively is comparing its
// bytes.
func caseless(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || !caselessRune(r) {
			return false
		}
		i += n
	}
	return true
}

// caselessRune reports whether r has no other case: no rune but r folds to
// r (TestCaselessRune checks this against every rune).
func caselessRune(r rune) bool {
	return unicode.SimpleFold(r) == r && unicode.ToUpper(r) == r && unicode.ToLower(r) == r && unicode.ToTitle(r) == r
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// equalFoldASCII compares s with an ASCII needle p that is already folded.
// Non-ASCII bytes of s never equal a byte of p, as foldRune requires.
func equalFoldASCII(s, p string) bool {
	if len(s) != len(p) {
		return false
	}
	for i := 0; i < len(p); i++ {
		if lowerASCII(s[i]) != p[i] {
			return false
		}
	}
	return true
}

// decodeRune is utf8.DecodeRuneInString except that an invalid byte is
// returned as itself (offset into the surrogate range, which no valid rune
// uses) so two different invalid bytes never compare equal.
func decodeRune(s string) (rune, int) {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError && n == 1 {
		return 0xD800 + rune(s[0]), 1
	}
	return r, n
}

func decodeLastRune(s string) (rune, int) {
	r, n := utf8.DecodeLastRuneInString(s)
	if r == utf8.RuneError && n == 1 {
		return 0xD800 + rune(s[len(s)-1]), 1
	}
	return r, n
}

// prefixFold reports whether s starts with p, ignoring case, and how many
// bytes of s the match took (folding can change a rune's encoded length).
func prefixFold(s, p string) (int, bool) {
	i, j := 0, 0
	for j < len(p) {
		if i >= len(s) {
			return 0, false
		}
		if s[i] < utf8.RuneSelf && p[j] < utf8.RuneSelf {
			if lowerASCII(s[i]) != lowerASCII(p[j]) {
				return 0, false
			}
			i++
			j++
			continue
		}
		sr, sn := decodeRune(s[i:])
		pr, pn := decodeRune(p[j:])
		if foldRune(sr) != foldRune(pr) {
			return 0, false
		}
		i += sn
		j += pn
	}
	return i, true
}

// suffixFold is prefixFold from the end of s.
func suffixFold(s, p string) (int, bool) {
	i, j := len(s), len(p)
	for j > 0 {
		if i <= 0 {
			return 0, false
		}
		if s[i-1] < utf8.RuneSelf && p[j-1] < utf8.RuneSelf {
			if lowerASCII(s[i-1]) != lowerASCII(p[j-1]) {
				return 0, false
			}
			i--
			j--
			continue
		}
		sr, sn := decodeLastRune(s[:i])
		pr, pn := decodeLastRune(p[:j])
		if foldRune(sr) != foldRune(pr) {
			return 0, false
		}
		i -= sn
		j -= pn
	}
	return len(s) - i, true
}

// indexFold finds the first case-insensitive occurrence of p in s and
// returns its byte span, or -1, -1.
func indexFold(s, p string) (int, int) {
	if p == "" {
		return 0, 0
	}
	first := byte(0)
	if p[0] < utf8.RuneSelf {
		first = lowerASCII(p[0])
	}
	for i := 0; i < len(s); i++ {
		if !utf8.RuneStart(s[i]) {
			continue
		}
		if first != 0 && lowerASCII(s[i]) != first {
			continue
		}
		if n, ok := prefixFold(s[i:], p); ok {
			return i, i + n
		}
	}
	return -1, -1
}

// needle is a literal compiled for repeated searching: folded once, with an
// anchor byte chosen so that searching scans with strings.IndexByte instead
// of comparing at every position.
type needle struct {
	s     string
	fold  bool
	ascii bool // fold && s is ASCII: a match has exactly len(s) bytes
	off   int  // offset of the anchor byte in s
	lo    byte // the anchor byte in lower and upper case (equal for non-letters)
	up    byte
}

func newNeedle(s string, fold bool) needle {
	n := needle{s: s, fold: fold}
	if !fold {
		return n
	}
	n.s = foldString(s)
	if caseless(n.s) {
		// Digits, symbols, emoji: folding changes nothing, so the exact
		// comparisons (and strings.Index) give the same answers, faster.
		n.fold = false
		return n
	}
	n.setAnchor()
	return n
}

// setAnchor picks the anchor byte of a folded needle, if it is ASCII.
func (n *needle) setAnchor() {
	n.ascii = isASCII(n.s)
	if n.ascii && n.s != "" {
		best := 1 << 30
		for i := 0; i < len(n.s); i++ {
			if c := byteCommonness(n.s[i]); c < best {
				best, n.off = c, i
			}
		}
		n.lo = n.s[n.off]
		n.up = upperASCII(n.lo)
	}
}

// letterFrequency lists letters from most to least common in English text,
// which is close enough for command lines and paths.
const letterFrequency = "etaoinsrhldcumfpgwybvkxjqz"

// byteCommonness estimates how often b occurs in event values; the rarest
// byte of a needle makes the best anchor. Letters cost more because both of
// their cases have to be scanned for.
func byteCommonness(b byte) int {
	switch {
	case 'a' <= b && b <= 'z':
		return 40 - strings.IndexByte(letterFrequency, b)/2
	case b == ' ' || b == '\\':
		return 30
	case b == '.' || b == '-' || b == '/' || b == ':' || b == '_':
		return 20
	case '0' <= b && b <= '9':
		return 15
	}
	return 5
}

func (n *needle) equal(s string) bool {
	switch {
	case !n.fold:
		return s == n.s
	case n.ascii:
		return equalFoldASCII(s, n.s)
	}
	m, ok := prefixFold(s, n.s)
	return ok && m == len(s)
}

// hasPrefix reports whether s starts with the needle and how many bytes of s
// the match took.
func (n *needle) hasPrefix(s string) (int, bool) {
	switch {
	case !n.fold:
		return len(n.s), strings.HasPrefix(s, n.s)
	case n.ascii:
		return len(n.s), len(s) >= len(n.s) && equalFoldASCII(s[:len(n.s)], n.s)
	}
	return prefixFold(s, n.s)
}

func (n *needle) hasSuffix(s string) (int, bool) {
	switch {
	case !n.fold:
		return len(n.s), strings.HasSuffix(s, n.s)
	case n.ascii:
		return len(n.s), len(s) >= len(n.s) && equalFoldASCII(s[len(s)-len(n.s):], n.s)
	}
	return suffixFold(s, n.s)
}

// index returns the byte span of the first occurrence of the needle in s, or
// -1, -1.
func (n *needle) index(s string) (int, int) {
	switch {
	case !n.fold:
		i := strings.Index(s, n.s)
		if i < 0 {
			return -1, -1
		}
		return i, i + len(n.s)
	case !n.ascii || n.s == "":
		return indexFold(s, n.s)
	}
	m := len(n.s)
	if len(s) < m {
		return -1, -1
	}
	last := len(s) - m + n.off // the last position the anchor can take
	lo, up := nextByte(s, n.lo, n.off, last), -1
	if n.up != n.lo {
		up = nextByte(s, n.up, n.off, last)
	}
	for lo >= 0 || up >= 0 {
		p := lo
		if p < 0 || (up >= 0 && up < p) {
			p = up
		}
		start := p - n.off
		if equalFoldASCII(s[start:start+m], n.s) {
			return start, start + m
		}
		if p == lo {
			lo = nextByte(s, n.lo, p+1, last)
		} else {
			up = nextByte(s, n.up, p+1, last)
		}
	}
	return -1, -1
}

func (n *needle) contains(s string) bool {
	i, _ := n.index(s)
	return i >= 0
}

// nextByte returns the first position of c in s[from:last+1], or -1.
func nextByte(s string, c byte, from, last int) int {
	if from > last {
		return -1
	}
	i := strings.IndexByte(s[from:last+1], c)
	if i < 0 {
		return -1
	}
	return from + i
}
