package sigma

import (
	"math"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// matchOp is how a matcher compares a value.
type matchOp uint8

const (
	opEqual matchOp = iota
	opPrefix
	opSuffix
	opContains
	opAny // a bare *: any value of a present field
	opGlob
	opRegexp
	opCIDR
	opLT
	opLTE
	opGT
	opGTE
	opFieldRef // compare with another field of the same event, using sub
	opTime     // compare a part of a date value with num, using sub
)

// matcher tests one value of a field. It is a plain struct, compiled once,
// so matching an event allocates nothing.
type matcher struct {
	op    matchOp
	sub   matchOp  // for opFieldRef: opEqual, opPrefix, opSuffix or opContains; for opTime: opEqual or a comparison
	part  timePart // for opTime
	fold  bool     // for opFieldRef: compare ignoring case
	n     needle
	glob  *glob
	re    *regexp.Regexp
	cidr  netip.Prefix
	num   number
	isNum bool   // the rule value is a YAML number: compare numerically when the event value is one too
	ref   string // for opFieldRef: the other field
	empty bool   // the rule value is '': an absent field matches too
}

func (m *matcher) match(v string, ev Event) bool {
	switch m.op {
	case opEqual:
		if m.isNum {
			if x, ok := parseNumber(v); ok {
				return x.cmp(m.num) == 0
			}
		}
		return m.n.equal(v)
	case opPrefix:
		_, ok := m.n.hasPrefix(v)
		return ok
	case opSuffix:
		_, ok := m.n.hasSuffix(v)
		return ok
	case opContains:
		return m.n.contains(v)
	case opAny:
		return true
	case opGlob:
		return m.glob.match(v)
	case opRegexp:
		return m.re.MatchString(v)
	case opCIDR:
		a, ok := parseAddr(v)
		return ok && m.cidr.Contains(a)
	case opTime:
		n, ok := datePart(v, m.part)
		if !ok {
			return false
		}
		c := number{i: int64(n), f: float64(n), isInt: true}.cmp(m.num)
		return compareResult(m.sub, c)
	case opLT, opLTE, opGT, opGTE:
		x, ok := parseNumber(v)
		if !ok {
			return false
		}
		c := x.cmp(m.num)
		switch m.op {
		case opLT:
			return c < 0
		case opLTE:
			return c <= 0
		case opGT:
			return c > 0
		}
		return c >= 0
	case opFieldRef:
		other, ok := ev.Field(m.ref)
		if !ok {
			return false
		}
		return compareRef(m.sub, m.fold, v, other)
	}
	return false
}

// compareResult applies a comparison operator (or equality) to the result
// of number.cmp.
func compareResult(op matchOp, c int) bool {
	switch op {
	case opLT:
		return c < 0
	case opLTE:
		return c <= 0
	case opGT:
		return c > 0
	case opGTE:
		return c >= 0
	}
	return c == 0
}

// timePart is the part of a date a time modifier extracts.
type timePart uint8

const (
	partNone timePart = iota
	partMinute
	partHour
	partDay
	partWeek
	partMonth
	partYear
)

// datePart extracts a part of a date written YYYY-MM-DD, optionally followed
// by T or a space and hh:mm (as in ISO 8601 timestamps and Sysmon's
// UtcTime). As the specification says, time zones are not converted: the
// parts are read as written. The ISO week is used for week.
func datePart(v string, part timePart) (int, bool) {
	v = strings.TrimSpace(v)
	num := func(s string) (int, bool) {
		n := 0
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return 0, false
			}
			n = n*10 + int(s[i]-'0')
		}
		return n, true
	}
	if len(v) < 10 || v[4] != '-' || v[7] != '-' {
		return 0, false
	}
	y, ok1 := num(v[0:4])
	mo, ok2 := num(v[5:7])
	d, ok3 := num(v[8:10])
	if !ok1 || !ok2 || !ok3 || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) {
		return 0, false
	}
	switch part {
	case partYear:
		return y, true
	case partMonth:
		return mo, true
	case partDay:
		return d, true
	case partWeek:
		_, w := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC).ISOWeek()
		return w, true
	}
	if len(v) < 16 || (v[10] != 'T' && v[10] != 't' && v[10] != ' ') || v[13] != ':' {
		return 0, false
	}
	h, ok1 := num(v[11:13])
	mi, ok2 := num(v[14:16])
	if !ok1 || !ok2 || h > 23 || mi > 59 {
		return 0, false
	}
	if part == partHour {
		return h, true
	}
	return mi, true
}

func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// compareRef compares v with a needle known only at match time.
func compareRef(op matchOp, fold bool, v, p string) bool {
	if !fold {
		switch op {
		case opPrefix:
			return strings.HasPrefix(v, p)
		case opSuffix:
			return strings.HasSuffix(v, p)
		case opContains:
			return strings.Contains(v, p)
		}
		return v == p
	}
	switch op {
	case opPrefix:
		_, ok := prefixFold(v, p)
		return ok
	case opSuffix:
		_, ok := suffixFold(v, p)
		return ok
	case opContains:
		i, _ := indexFold(v, p)
		return i >= 0
	}
	n, ok := prefixFold(v, p)
	return ok && n == len(v)
}

// newStringMatcher compiles one transformed value, using the cheapest
// matcher that has the pattern's meaning.
func newStringMatcher(s sstring, fold bool) matcher {
	simple := true // literals and stars only
	for _, p := range s {
		if p.kind == partOne || p.kind == partDash {
			simple = false
		}
	}
	lits := 0
	for _, p := range s {
		if p.kind == partLit {
			lits++
		}
	}
	starFront := len(s) > 0 && s[0].kind == partStar
	starBack := len(s) > 0 && s[len(s)-1].kind == partStar
	switch {
	case len(s) == 0:
		return matcher{op: opEqual, n: newNeedle("", fold), empty: true}
	case simple && lits == 0:
		return matcher{op: opAny}
	case simple && lits == 1 && len(s) == 1:
		return matcher{op: opEqual, n: newNeedle(s[0].lit, fold)}
	case simple && lits == 1 && len(s) == 2 && starBack:
		return matcher{op: opPrefix, n: newNeedle(s[0].lit, fold)}
	case simple && lits == 1 && len(s) == 2 && starFront:
		return matcher{op: opSuffix, n: newNeedle(s[1].lit, fold)}
	case simple && lits == 1 && len(s) == 3:
		return matcher{op: opContains, n: newNeedle(s[1].lit, fold)}
	}
	return matcher{op: opGlob, glob: newGlob(s, fold)}
}

// number is a parsed numeric value. Integers are kept exact, as event IDs,
// logon IDs and access masks can exceed float64 precision.
type number struct {
	i     int64
	f     float64
	isInt bool
}

func (a number) cmp(b number) int {
	if a.isInt && b.isInt {
		switch {
		case a.i < b.i:
			return -1
		case a.i > b.i:
			return 1
		}
		return 0
	}
	switch {
	case a.f < b.f:
		return -1
	case a.f > b.f:
		return 1
	}
	return 0
}

// parseNumber parses a decimal integer or float, or a 0x hexadecimal
// integer. It checks the syntax itself before calling strconv, because a
// failed strconv call allocates its error and most event values are not
// numbers.
func parseNumber(s string) (number, bool) {
	s = strings.TrimSpace(s)
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		var u uint64
		digits := s[2:]
		if len(digits) > 16 {
			return number{}, false
		}
		for i := 0; i < len(digits); i++ {
			d, ok := hexDigit(digits[i])
			if !ok {
				return number{}, false
			}
			u = u<<4 | uint64(d)
		}
		if u > math.MaxInt64 {
			return number{f: float64(u)}, true
		}
		return number{i: int64(u), f: float64(u), isInt: true}, true
	}
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	intStart := i
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	intDigits := i - intStart
	isInt := true
	if i < len(s) && s[i] == '.' {
		isInt = false
		i++
		fracStart := i
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
		}
		if intDigits == 0 && i == fracStart {
			return number{}, false
		}
	} else if intDigits == 0 {
		return number{}, false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		isInt = false
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		expStart := i
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
		}
		if i == expStart {
			return number{}, false
		}
	}
	if i != len(s) {
		return number{}, false
	}
	if isInt && intDigits <= 18 {
		var v int64
		for _, c := range []byte(s[intStart:]) {
			v = v*10 + int64(c-'0')
		}
		if s[0] == '-' {
			v = -v
		}
		return number{i: v, f: float64(v), isInt: true}, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return number{}, false
	}
	return number{f: f}, true
}

func hexDigit(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// parseAddr parses an IP address from an event value. It screens out values
// that cannot be addresses first, as a failed netip parse allocates its
// error. IPv4-mapped IPv6 addresses are unmapped so IPv4 ranges match them.
func parseAddr(s string) (netip.Addr, bool) {
	if s == "" || len(s) > 64 {
		return netip.Addr{}, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '%' {
			break // an IPv6 zone name may hold any character
		}
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' || c == '.' || c == ':') {
			return netip.Addr{}, false
		}
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}, false
	}
	return a.Unmap().WithZone(""), true
}
