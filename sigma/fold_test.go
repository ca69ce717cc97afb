package sigma

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// referencePattern translates a Sigma string into a regular expression
// over folded text, the slow and obvious way to match it.
func referencePattern(s sstring, fold bool) *regexp.Regexp {
	var b strings.Builder
	b.WriteString(`(?s)\A`)
	for _, p := range s {
		switch p.kind {
		case partLit:
			lit := p.lit
			if fold {
				lit = foldString(lit)
			}
			b.WriteString(regexp.QuoteMeta(lit))
		case partStar:
			b.WriteString(".*")
		case partOne:
			b.WriteString(".")
		case partDash:
			b.WriteString("[-/\u2013\u2014\u2015]")
		}
	}
	b.WriteString(`\z`)
	return regexp.MustCompile(b.String())
}

// alphabet mixes ASCII letters of both cases with separators and runes
// whose case mappings change their encoded length or cross into ASCII.
var alphabet = []string{"a", "A", "b", "B", "k", "K", "s", "S", "i", "I", "\\", " ", "-", "/", ".",
	"é", "É", "ß", "ẞ", "\u212a", "İ", "ı", "σ", "Σ", "ς", "\u2013", "\u2014"}

func randomText(r *rand.Rand, max int) string {
	var b strings.Builder
	for range r.IntN(max + 1) {
		b.WriteString(alphabet[r.IntN(len(alphabet))])
	}
	return b.String()
}

func randomPattern(r *rand.Rand) sstring {
	var s sstring
	for range 1 + r.IntN(5) {
		switch r.IntN(6) {
		case 0:
			s = append(s, part{kind: partStar})
		case 1:
			s = append(s, part{kind: partOne})
		case 2:
			s = append(s, part{kind: partDash})
		default:
			if lit := randomText(r, 3); lit != "" {
				s = appendPart(s, part{kind: partLit, lit: lit})
			}
		}
	}
	// Stars never repeat after parsing.
	var out sstring
	for _, p := range s {
		if p.kind == partStar && len(out) > 0 && out[len(out)-1].kind == partStar {
			continue
		}
		out = append(out, p)
	}
	return out
}

// TestMatcherAgainstReference checks every matcher kind and both case modes
// against a regular expression over folded text, on random values built to
// hit the awkward cases of case-insensitive matching.
func TestMatcherAgainstReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 20000 {
		pat := randomPattern(r)
		fold := i%4 != 0
		m := newStringMatcher(pat, fold)
		re := referencePattern(pat, fold)
		for range 5 {
			v := randomText(r, 8)
			if r.IntN(2) == 0 && len(pat) > 0 && pat[0].kind == partLit {
				v = pat[0].lit + v // make matches likely
			}
			ref := v
			if fold {
				ref = foldString(v)
			}
			if got, want := m.match(v, nil), re.MatchString(ref); got != want {
				t.Fatalf("pattern %+v (fold %v, op %d) on %q = %v, want %v", pat, fold, m.op, v, got, want)
			}
		}
	}
}

func TestInvalidUTF8(t *testing.T) {
	cases := []struct {
		needle, value string
		want          bool
	}{
		{"a\xffb", "A\xffB", true},
		{"a\xffb", "a\xfeb", false},
		{"\xff", "x\xff", true},
		{"é", "\xc3", false},
	}
	for _, tc := range cases {
		n := newNeedle(tc.needle, true)
		if got := n.contains(tc.value); got != tc.want {
			t.Errorf("needle %q in %q = %v, want %v", tc.needle, tc.value, got, tc.want)
		}
		if _, got := suffixFold(tc.value, tc.needle); got != tc.want {
			t.Errorf("suffix %q of %q = %v, want %v", tc.needle, tc.value, got, tc.want)
		}
	}
}

func TestParseSString(t *testing.T) {
	lit := func(s string) part { return part{kind: partLit, lit: s} }
	star, one := part{kind: partStar}, part{kind: partOne}
	cases := []struct {
		raw  string
		want sstring
	}{
		{`C:\Windows\cmd.exe`, sstring{lit(`C:\Windows\cmd.exe`)}},
		{`C:\\Windows`, sstring{lit(`C:\Windows`)}},
		{`*\cmd.exe`, sstring{star, lit(`\cmd.exe`)}},
		{`a\*b`, sstring{lit("a*b")}},
		{`a\?b`, sstring{lit("a?b")}},
		{`C:\\*`, sstring{lit(`C:\`), star}},
		{`C:\\\*`, sstring{lit(`C:\*`)}},
		{`\\\\server`, sstring{lit(`\\server`)}},
		{`\\\x`, sstring{lit(`\\x`)}},
		{`a**b`, sstring{lit("a"), star, lit("b")}},
		{`prog?.exe`, sstring{lit("prog"), one, lit(".exe")}},
		{`trailing\`, sstring{lit(`trailing\`)}},
		{``, nil},
	}
	for _, tc := range cases {
		got := parseSString(tc.raw)
		if len(got) != len(tc.want) {
			t.Errorf("parseSString(%q) = %+v, want %+v", tc.raw, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("parseSString(%q) = %+v, want %+v", tc.raw, got, tc.want)
				break
			}
		}
	}
}

func TestWindash(t *testing.T) {
	cases := []struct {
		in   string
		want string // dash classes shown as #
	}{
		{"-enc", "#enc"},
		{" -enc ", " #enc "},
		{"/c whoami", "#c whoami"},
		{"x86-64", "x86-64"},
		{"C:/dir", "C:#dir"}, // a switch by the rule: after a non-word character
		{"dir/sub", "dir/sub"},
		{"a - b", "a - b"},
		{"-", "-"},
		{"--help", "-#help"},
		{"-nop -w hidden", "#nop #w hidden"},
	}
	for _, tc := range cases {
		var b strings.Builder
		for _, p := range parseSString(tc.in).windash() {
			switch p.kind {
			case partDash:
				b.WriteByte('#')
			case partLit:
				b.WriteString(p.lit)
			}
		}
		if b.String() != tc.want {
			t.Errorf("windash(%q) = %q, want %q", tc.in, b.String(), tc.want)
		}
	}
	variants, ok := parseSString("-a -b").windash().expandDashes(maxExpansion)
	if !ok || len(variants) != 25 {
		t.Errorf("expandDashes of two switches: %d variants, want 25", len(variants))
	}
	if _, ok := parseSString("-a -b -c -d -e").windash().expandDashes(maxExpansion); ok {
		t.Error("expandDashes exceeded its limit")
	}
}

func TestParseNumber(t *testing.T) {
	cases := []struct {
		in    string
		ok    bool
		isInt bool
		i     int64
		f     float64
	}{
		{"4688", true, true, 4688, 4688},
		{" 42 ", true, true, 42, 42},
		{"-17", true, true, -17, -17},
		{"+3", true, true, 3, 3},
		{"0x1F", true, true, 31, 31},
		{"0X1f", true, true, 31, 31},
		{"0xffffffffffffffff", true, false, 0, 18446744073709551615},
		{"1.5", true, false, 0, 1.5},
		{".5", true, false, 0, 0.5},
		{"5.", true, false, 0, 5},
		{"1e3", true, false, 0, 1000},
		{"12345678901234567890", true, false, 0, 12345678901234567890},
		{"", false, false, 0, 0},
		{"-", false, false, 0, 0},
		{".", false, false, 0, 0},
		{"1e", false, false, 0, 0},
		{"0x", false, false, 0, 0},
		{"0xg1", false, false, 0, 0},
		{"12a", false, false, 0, 0},
		{"1.2.3", false, false, 0, 0},
	}
	for _, tc := range cases {
		n, ok := parseNumber(tc.in)
		if ok != tc.ok || (ok && (n.isInt != tc.isInt || (n.isInt && n.i != tc.i) || n.f != tc.f)) {
			t.Errorf("parseNumber(%q) = %+v, %v; want int %v %d, float %v, ok %v", tc.in, n, ok, tc.isInt, tc.i, tc.f, tc.ok)
		}
	}
	a, _ := parseNumber("9007199254740993")
	b, _ := parseNumber("9007199254740992")
	if a.cmp(b) != 1 {
		t.Error("integers beyond float64 precision compare equal")
	}
	c, _ := parseNumber("2.5")
	if c.cmp(b) != -1 || b.cmp(c) != 1 {
		t.Error("mixed int and float comparison is wrong")
	}
}

func TestCompareRef(t *testing.T) {
	cases := []struct {
		op   matchOp
		fold bool
		v, p string
		want bool
	}{
		{opEqual, true, "Bob", "bOB", true},
		{opEqual, false, "Bob", "bOB", false},
		{opEqual, false, "Bob", "Bob", true},
		{opPrefix, true, "Administrator", "ADMIN", true},
		{opPrefix, false, "Administrator", "ADMIN", false},
		{opPrefix, false, "Administrator", "Admin", true},
		{opSuffix, true, `C:\X\A.DLL`, `a.dll`, true},
		{opSuffix, false, `C:\X\A.DLL`, `a.dll`, false},
		{opSuffix, false, `C:\X\A.DLL`, `A.DLL`, true},
		{opContains, true, "copy ÉTÉ.txt", "été", true},
		{opContains, false, "copy ÉTÉ.txt", "été", false},
		{opContains, false, "copy été.txt", "été", true},
		{opContains, true, "abc", "", true},
	}
	for _, tc := range cases {
		if got := compareRef(tc.op, tc.fold, tc.v, tc.p); got != tc.want {
			t.Errorf("compareRef(%d, %v, %q, %q) = %v, want %v", tc.op, tc.fold, tc.v, tc.p, got, tc.want)
		}
	}
}

// TestCaselessRune checks, against every rune, that a rune caselessRune
// accepts is the fold of no other rune, which is what lets caseless needles
// be compared byte for byte, and that folding is idempotent.
func TestCaselessRune(t *testing.T) {
	for x := rune(0); x <= unicode.MaxRune; x++ {
		f := foldRune(x)
		if f != x && caselessRune(f) {
			t.Fatalf("rune %U folds to %U, which caselessRune accepts", x, f)
		}
		// Needles are folded once at load and compared with foldRune at
		// match time, and the prefilter looks for them in folded values:
		// both need folding a folded rune to change nothing.
		if ff := foldRune(f); ff != f {
			t.Fatalf("rune %U folds to %U, which folds again to %U", x, f, ff)
		}
	}
	for _, r := range []rune{'😈', '1', '€', '中'} {
		if !caselessRune(r) {
			t.Errorf("caselessRune(%q) = false, want true", r)
		}
	}
	for _, r := range []rune{'a', 'Ä', 'я', 'ǅ', 'K'} {
		if caselessRune(r) {
			t.Errorf("caselessRune(%q) = true, want false", r)
		}
	}
}
