package sigma

import (
	"bytes"
	"regexp"
	"regexp/syntax"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The prefilter makes matching cost grow with what can match rather than
// with the number of rules. For every rule it derives, from the condition
// tree, a conservative requirement: clauses of atoms, every clause needing
// at least one of its atoms to hold for the rule to have any chance of
// matching. An atom is "field F contains needle N" (N folded, so the test is
// case-insensitive and therefore weaker than any matcher it came from) or
// "field F is the number K" (for EventID-like equality). For each candidate
// list of the index, one scan per field finds every needle of every rule at
// once; only the rules whose clauses all hold are evaluated, in load order,
// with the ordinary matchers. Rules without a usable requirement are always
// evaluated. The prefilter only ever skips rules that cannot match, so
// results are identical with and without it.

// atom is one fact about an event that a rule may require.
type atom struct {
	field   string // field name; Message for keywords
	keyword bool   // a keyword search: every value of a KeywordEvent
	numeric bool   // the field's value is the number num
	num     int64
	needle  string // !numeric: the folded needle the value must contain
}

// clause is an OR of atoms.
type clause []atom

// maxClauses bounds how many clauses of a rule are kept; more would cost
// more bookkeeping than they save.
const maxClauses = 3

// maxCross bounds the clause combinations an OR distributes over.
const maxCross = 9

func (a atom) cost() float64 {
	if a.numeric {
		return 0.02
	}
	l := float64(len(a.needle))
	return 1 / (l * l)
}

type byCost struct {
	cs    []clause
	costs []float64
}

func (b byCost) Len() int           { return len(b.cs) }
func (b byCost) Less(i, j int) bool { return b.costs[i] < b.costs[j] }
func (b byCost) Swap(i, j int) {
	b.cs[i], b.cs[j] = b.cs[j], b.cs[i]
	b.costs[i], b.costs[j] = b.costs[j], b.costs[i]
}

func (c clause) cost() float64 {
	s := 0.0
	for _, a := range c {
		s += a.cost()
	}
	return s
}

// best keeps the cheapest clauses, cheapest first.
func best(cs []clause) []clause {
	if len(cs) < 2 {
		return cs
	}
	costs := make([]float64, len(cs))
	for i, c := range cs {
		costs[i] = c.cost()
	}
	sort.Stable(byCost{cs, costs})
	if len(cs) > maxClauses {
		cs = cs[:maxClauses]
	}
	return cs
}

// union ORs clauses into one, without duplicate atoms.
func union(cs ...clause) clause {
	var out clause
	n := 0
	for _, c := range cs {
		n += len(c)
	}
	if n <= 16 {
		for _, c := range cs {
			for _, a := range c {
				if !slices.Contains(out, a) {
					out = append(out, a)
				}
			}
		}
		return out
	}
	seen := make(map[atom]bool, n)
	for _, c := range cs {
		for _, a := range c {
			if !seen[a] {
				seen[a] = true
				out = append(out, a)
			}
		}
	}
	return out
}

// and combines the requirements of operands that must all hold. Operands
// without a requirement are left out; ok is false when none has one.
func and(reqs [][]clause, oks []bool) ([]clause, bool) {
	var all []clause
	for i, r := range reqs {
		if oks[i] {
			all = append(all, r...)
		}
	}
	if len(all) == 0 {
		return nil, false
	}
	return best(all), true
}

// or combines the requirements of operands of which one must hold: every
// operand needs a requirement, and the result is their distribution, or a
// single clause when that would be too large.
func or(reqs [][]clause, oks []bool) ([]clause, bool) {
	if len(reqs) == 0 {
		return nil, false
	}
	n := 1
	for i, r := range reqs {
		if !oks[i] || len(r) == 0 {
			return nil, false
		}
		n *= len(r)
		if n > maxCross {
			n = maxCross + 1
		}
	}
	if len(reqs) == 1 {
		return reqs[0], true
	}
	if n > maxCross {
		firsts := make([]clause, len(reqs))
		for i, r := range reqs {
			firsts[i] = r[0]
		}
		return []clause{union(firsts...)}, true
	}
	combos := []clause{nil}
	for _, r := range reqs {
		var next []clause
		for _, c := range combos {
			for _, d := range r {
				next = append(next, union(c, d))
			}
		}
		combos = next
	}
	return best(combos), true
}

// requirement returns the clauses a detection needs, best first.
func (d *detection) requirement() ([]clause, bool) {
	sels := make([][]clause, len(d.sels))
	selOK := make([]bool, len(d.sels))
	for i := range d.sels {
		sels[i], selOK[i] = d.sels[i].requirement()
	}
	var walk func(c *cond) ([]clause, bool)
	walk = func(c *cond) ([]clause, bool) {
		switch c.op {
		case condSel:
			return sels[c.sel], selOK[c.sel]
		case condAnd, condOr:
			reqs := make([][]clause, len(c.kids))
			oks := make([]bool, len(c.kids))
			for i, k := range c.kids {
				reqs[i], oks[i] = walk(k)
			}
			if c.op == condAnd {
				return and(reqs, oks)
			}
			return or(reqs, oks)
		case condOf:
			reqs := make([][]clause, len(c.sels))
			oks := make([]bool, len(c.sels))
			for i, s := range c.sels {
				reqs[i], oks[i] = sels[s], selOK[s]
			}
			if c.need == 0 || c.need == len(c.sels) {
				return and(reqs, oks)
			}
			// k of n: at least one of them holds.
			return or(reqs, oks)
		}
		return nil, false // not: a negation requires nothing
	}
	return walk(d.cond)
}

func (s *selection) requirement() ([]clause, bool) {
	reqs := make([][]clause, len(s.groups))
	oks := make([]bool, len(s.groups))
	for i, g := range s.groups {
		fr := make([][]clause, len(g))
		fok := make([]bool, len(g))
		for j := range g {
			fr[j], fok[j] = g[j].requirement()
		}
		reqs[i], oks[i] = and(fr, fok)
	}
	return or(reqs, oks)
}

// requirement of one field condition. Negated conditions, conditions an
// absent field satisfies, and values with no literal text require nothing.
func (f *fieldMatcher) requirement() ([]clause, bool) {
	if f.kind != fieldValues || f.neq || f.absent || len(f.sets) == 0 {
		return nil, false
	}
	field := f.field
	if f.keyword {
		field = "Message"
	}
	var out []clause
	for _, set := range f.sets {
		c, ok := setClause(field, f.keyword, set)
		if !ok {
			if !f.all {
				return nil, false
			}
			continue
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, false
	}
	return best(out), true
}

// setClause is the clause of a set of alternative matchers: one atom per
// matcher, or none when some matcher has no atom.
func setClause(field string, keyword bool, set []matcher) (clause, bool) {
	if len(set) == 0 {
		return nil, false
	}
	if c, ok := numericClause(field, keyword, set); ok {
		return c, true
	}
	c := make(clause, 0, len(set))
	for i := range set {
		if set[i].op == opRegexp {
			ns, ok := regexpNeedles(set[i].re)
			if !ok {
				return nil, false
			}
			for _, n := range ns {
				c = append(c, atom{field: field, keyword: keyword, needle: n})
			}
			continue
		}
		n, ok := set[i].requiredNeedle()
		if !ok {
			return nil, false
		}
		c = append(c, atom{field: field, keyword: keyword, needle: n})
	}
	return union(c), true
}

// numericClause turns equality with integers into number atoms, when some
// value is a YAML number: those compare numerically ("4624" equals
// "0x1210"), so a needle would not be conservative.
func numericClause(field string, keyword bool, set []matcher) (clause, bool) {
	if keyword {
		return nil, false
	}
	anyNum := false
	c := make(clause, 0, len(set))
	for i := range set {
		m := &set[i]
		if m.op != opEqual || m.empty {
			return nil, false
		}
		x, ok := parseNumber(m.n.s)
		if !ok {
			return nil, false
		}
		k, ok := intKey(x)
		if !ok {
			return nil, false
		}
		anyNum = anyNum || m.isNum
		c = append(c, atom{field: field, numeric: true, num: k})
	}
	if !anyNum {
		return nil, false
	}
	return union(c), true
}

// intKey is the integer a number stands for, if it is integral.
func intKey(x number) (int64, bool) {
	if x.isInt {
		return x.i, true
	}
	if x.f == float64(int64(x.f)) && x.f > -1<<62 && x.f < 1<<62 {
		return int64(x.f), true
	}
	return 0, false
}

// requiredNeedle returns a folded string that every value the matcher
// accepts contains. Numbers compare numerically, so they have none.
func (m *matcher) requiredNeedle() (string, bool) {
	switch m.op {
	case opEqual:
		if m.isNum || m.empty {
			return "", false
		}
		return needleAtom(&m.n)
	case opPrefix, opSuffix, opContains:
		return needleAtom(&m.n)
	case opGlob:
		bestN := ""
		for _, seg := range m.glob.segs {
			for k := range seg {
				p := &seg[k]
				if p.kind != partLit {
					continue
				}
				if n, ok := needleAtom(&p.n); ok && len(n) > len(bestN) {
					bestN = n
				}
			}
		}
		return bestN, bestN != ""
	}
	return "", false
}

// maxRegexpNeedles bounds the alternatives taken from one expression.
const maxRegexpNeedles = 32

// regexpNeedles returns folded strings one of which every value the
// expression matches contains.
func regexpNeedles(re *regexp.Regexp) ([]string, bool) {
	tree, err := syntax.Parse(re.String(), syntax.Perl)
	if err != nil {
		return nil, false
	}
	return syntaxNeedles(tree.Simplify())
}

func syntaxNeedles(re *syntax.Regexp) ([]string, bool) {
	switch re.Op {
	case syntax.OpLiteral:
		if len(re.Rune) == 0 {
			return nil, false
		}
		if re.Flags&syntax.FoldCase != 0 {
			// (?i) matches the simple-fold orbit of each rune; folded text
			// keeps that orbit together only when foldRune maps all of it
			// to one rune (the Kelvin sign matches (?i)k but folds apart).
			for _, r := range re.Rune {
				for x := unicode.SimpleFold(r); x != r; x = unicode.SimpleFold(x) {
					if foldRune(x) != foldRune(r) {
						return nil, false
					}
				}
			}
		}
		return []string{foldString(string(re.Rune))}, true
	case syntax.OpCapture, syntax.OpPlus:
		return syntaxNeedles(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return syntaxNeedles(re.Sub[0])
		}
	case syntax.OpConcat:
		var bestNs []string
		bestLen := 0
		for _, sub := range re.Sub {
			ns, ok := syntaxNeedles(sub)
			if !ok {
				continue
			}
			shortest := len(ns[0])
			for _, n := range ns {
				shortest = min(shortest, len(n))
			}
			if shortest > bestLen {
				bestNs, bestLen = ns, shortest
			}
		}
		return bestNs, bestNs != nil
	case syntax.OpAlternate:
		var out []string
		for _, sub := range re.Sub {
			ns, ok := syntaxNeedles(sub)
			if !ok {
				return nil, false
			}
			out = append(out, ns...)
		}
		if len(out) > maxRegexpNeedles {
			return nil, false
		}
		return out, true
	}
	return nil, false
}

// needleAtom folds a needle for the prefilter, which searches folded text.
// A case-sensitive needle found in a value is also found, folded, in the
// folded value as long as it is valid UTF-8 (so it sits on rune
// boundaries); other byte strings (UTF-16 of non-ASCII text) get no atom.
func needleAtom(n *needle) (string, bool) {
	if n.s == "" {
		return "", false
	}
	if n.fold {
		return n.s, true
	}
	if !utf8.ValidString(n.s) {
		return "", false
	}
	return foldString(n.s), true
}

// plan is one candidate list of the index with its prefilter.
type plan struct {
	rules  []int32 // candidates, in load order
	always []int32 // positions in rules of those without a requirement
	need   []uint8 // per position in rules: clauses that must hold
	// clauseRule maps a clause to its rule's position in rules.
	clauseRule []int32
	// atomClauses[atomStart[a]:atomStart[a+1]] are the clauses of atom a.
	atomStart   []int32
	atomClauses []int32
	scans       []fieldScan
	nums        []numScan
	keywordAtom []int32 // atoms a KeywordEvent satisfies without a scan
	natoms      int
}

// numScan maps the integer value of one field to atoms.
type numScan struct {
	field string
	atoms map[int64][]int32
}

// fieldScan finds every needle of one field in a value in one pass. Needles
// of 1 to 3 bytes are looked up whole at every position; longer ones by a
// 4-byte gram, then verified.
//
// A field with few needles is searched needle by needle instead, which
// strings.IndexByte makes faster than looking at every byte.
type fieldScan struct {
	field string
	tabs  [4]gramTable // by gram length - 1
	wm    *wuManber    // instead of tabs when every needle is long
	small []smallNeedle
	ascii bool // every needle is ASCII: values need no folding
}

type smallNeedle struct {
	atom int32
	n    needle // folded; fold set for ASCII needles, clear for others
}

// maxSmall is how many needles a field may have to be searched one by one.
const maxSmall = 6

type gramTable struct {
	bloom   []uint64
	shift   uint32
	entries map[uint32][]gramEntry // while building; slots and list after
	// slots is an open-addressing table from gram to its run of list,
	// probed linearly from the gram's hash; cheaper than a Go map on the
	// hot path.
	slots     []gramSlot
	slotShift uint32
	list      []gramEntry
}

type gramSlot struct {
	key    uint32
	lo, hi int32 // list[lo:hi]; hi == 0 marks an empty slot
}

// lookup returns the entries of a gram.
func (t *gramTable) lookup(key uint32) []gramEntry {
	mask := uint32(len(t.slots) - 1)
	for i := (key * gramMul) >> t.slotShift; ; i = (i + 1) & mask {
		sl := &t.slots[i]
		if sl.hi == 0 {
			return nil
		}
		if sl.key == key {
			return t.list[sl.lo:sl.hi]
		}
	}
}

type gramEntry struct {
	atom   int32
	off    int32 // where the gram starts in the needle
	needle string
}

const gramMul = 0x9E3779B1

func (t *gramTable) add(key uint32, e gramEntry) {
	if t.entries == nil {
		t.entries = map[uint32][]gramEntry{}
	}
	t.entries[key] = append(t.entries[key], e)
}

func (t *gramTable) seal() {
	if t.entries == nil {
		return
	}
	bits := uint32(4096)
	for bits < uint32(len(t.entries))*64 && bits < 1<<22 {
		bits <<= 1
	}
	t.shift = 32 - uint32(log2(bits))
	t.bloom = make([]uint64, bits/64)
	n := uint32(2)
	for n < uint32(len(t.entries))*2 {
		n <<= 1
	}
	t.slots = make([]gramSlot, n)
	t.slotShift = 32 - uint32(log2(n))
	keys := make([]uint32, 0, len(t.entries))
	for k := range t.entries {
		keys = append(keys, k)
	}
	slices.Sort(keys) // a layout that does not depend on map order
	for _, k := range keys {
		h := (k * gramMul) >> t.shift
		t.bloom[h>>6] |= 1 << (h & 63)
		lo := int32(len(t.list))
		t.list = append(t.list, t.entries[k]...)
		for i := (k * gramMul) >> t.slotShift; ; i = (i + 1) & (n - 1) {
			if t.slots[i].hi == 0 {
				t.slots[i] = gramSlot{key: k, lo: lo, hi: int32(len(t.list))}
				break
			}
		}
	}
	t.entries = nil
}

func log2(x uint32) int {
	n := 0
	for x > 1 {
		x >>= 1
		n++
	}
	return n
}

// gramOffset chooses where in a needle its 4-byte gram starts: at the bytes
// least likely to occur in values, so the gram rarely hits by chance, and
// at a gram few other needles use.
func gramOffset(s string, used map[uint32]int) int {
	bestOff, bestCost := 0, 1<<30
	for i := 0; i+4 <= len(s); i++ {
		c := 40 * used[gramKey(s[i:i+4])]
		for j := i; j < i+4; j++ {
			c += byteCommonness(s[j])
		}
		if c < bestCost {
			bestOff, bestCost = i, c
		}
	}
	return bestOff
}

func gramKey(s string) uint32 {
	var k uint32
	for i := 0; i < len(s); i++ {
		k = k<<8 | uint32(s[i])
	}
	return k
}

// scanner is the per-call state of a prefiltered match.
type scanner struct {
	gen       uint32
	atomGen   []uint32
	clauseGen []uint32
	ruleGen   []uint32
	ruleCnt   []uint8
	active    []int32
	buf       []byte
	p         *plan
}

func (s *scanner) reset(p *plan) {
	s.gen++
	if s.gen == 0 {
		clear(s.atomGen)
		clear(s.clauseGen)
		clear(s.ruleGen)
		s.gen = 1
	}
	if len(s.atomGen) < p.natoms {
		s.atomGen = make([]uint32, p.natoms)
	}
	if len(s.clauseGen) < len(p.clauseRule) {
		s.clauseGen = make([]uint32, len(p.clauseRule))
	}
	if len(s.ruleGen) < len(p.rules) {
		s.ruleGen = make([]uint32, len(p.rules))
		s.ruleCnt = make([]uint8, len(p.rules))
	}
	s.active = s.active[:0]
	s.p = p
}

func (s *scanner) hit(a int32) {
	if s.atomGen[a] == s.gen {
		return
	}
	s.atomGen[a] = s.gen
	p := s.p
	for _, c := range p.atomClauses[p.atomStart[a]:p.atomStart[a+1]] {
		if s.clauseGen[c] == s.gen {
			continue
		}
		s.clauseGen[c] = s.gen
		r := p.clauseRule[c]
		if s.ruleGen[r] != s.gen {
			s.ruleGen[r] = s.gen
			s.ruleCnt[r] = 0
		}
		s.ruleCnt[r]++
		if s.ruleCnt[r] == p.need[r] {
			s.active = append(s.active, r)
		}
	}
}

// prepare runs the prefilter of p over ev and leaves in s.active the
// positions of the rules to evaluate besides p.always, sorted.
func (s *scanner) prepare(p *plan, ev Event) {
	s.reset(p)
	for i := range p.nums {
		ns := &p.nums[i]
		v, ok := ev.Field(ns.field)
		if !ok {
			continue
		}
		x, ok := parseNumber(v)
		if !ok {
			continue
		}
		k, ok := intKey(x)
		if !ok {
			continue
		}
		for _, a := range ns.atoms[k] {
			s.hit(a)
		}
	}
	_, isKeyword := ev.(KeywordEvent)
	for i := range p.scans {
		fs := &p.scans[i]
		v, ok := ev.Field(fs.field)
		if !ok || v == "" {
			continue
		}
		// Folding maps non-ASCII runes to non-ASCII runes, so ASCII needles
		// are found in the raw text with its ASCII letters lowered, and
		// only fields with other needles need to know about the rest.
		ascii := fs.ascii || isASCII(v)
		if fs.small != nil {
			s.searchSmall(fs, v, ascii)
			continue
		}
		switch {
		case fs.wm != nil && ascii:
			scanWM(s, fs.wm, v)
		case fs.wm != nil:
			s.buf = appendFold(s.buf[:0], v)
			scanWM(s, fs.wm, s.buf)
		case ascii:
			scanText(s, fs, v)
		default:
			s.buf = appendFold(s.buf[:0], v)
			scanText(s, fs, s.buf)
		}
	}
	if isKeyword {
		// Keywords search every value of such events; rather than scan
		// them all, let every keyword rule through.
		for _, a := range p.keywordAtom {
			s.hit(a)
		}
	}
	slices.Sort(s.active)
}

// searchSmall looks for each needle of fs in v. In ASCII text only ASCII
// needles can occur, found ignoring case; otherwise the text is folded and
// searched byte for byte.
func (s *scanner) searchSmall(fs *fieldScan, v string, ascii bool) {
	if ascii {
		for i := range fs.small {
			sn := &fs.small[i]
			if sn.n.fold && s.atomGen[sn.atom] != s.gen && sn.n.contains(v) {
				s.hit(sn.atom)
			}
		}
		return
	}
	s.buf = appendFold(s.buf[:0], v)
	for i := range fs.small {
		sn := &fs.small[i]
		if s.atomGen[sn.atom] != s.gen && indexBytes(s.buf, sn.n.s) {
			s.hit(sn.atom)
		}
	}
}

// indexBytes reports whether b contains p.
func indexBytes(b []byte, p string) bool {
	if len(p) > len(b) {
		return false
	}
	c := p[0]
	for i := 0; i+len(p) <= len(b); i++ {
		j := bytes.IndexByte(b[i:len(b)-len(p)+1], c)
		if j < 0 {
			return false
		}
		i += j
		if string(b[i:i+len(p)]) == p {
			return true
		}
	}
	return false
}

// appendFold appends foldString(v) to b.
func appendFold(b []byte, v string) []byte {
	for i := 0; i < len(v); {
		c := v[i]
		if c < utf8.RuneSelf {
			b = append(b, lowerASCII(c))
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(v[i:])
		if r == utf8.RuneError && n == 1 {
			b = append(b, c)
		} else {
			b = utf8.AppendRune(b, foldRune(r))
		}
		i += n
	}
	return b
}

// scanText finds the needles of fs in t, which is folded but for ASCII
// letters (lowered here, byte by byte). The bloom filters are tested inline;
// only their rare hits leave the loop.
func scanText[T string | []byte](s *scanner, fs *fieldScan, t T) {
	t1, t2, t3, t4 := &fs.tabs[0], &fs.tabs[1], &fs.tabs[2], &fs.tabs[3]
	b1, b2, b3, b4 := t1.bloom, t2.bloom, t3.bloom, t4.bloom
	if b1 == nil && b2 == nil && b3 == nil {
		scanGrams(s, t4, t)
		return
	}
	var k uint32
	for i := 0; i < len(t); i++ {
		k = k<<8 | uint32(lowerASCII(t[i]))
		if b4 != nil && i >= 3 {
			h := (k * gramMul) >> t4.shift
			if b4[h>>6]&(1<<(h&63)) != 0 {
				probe4(s, t4, k, t, i)
			}
		}
		if b1 != nil {
			if h := ((k & 0xFF) * gramMul) >> t1.shift; b1[h>>6]&(1<<(h&63)) != 0 {
				s.probe(t1, k&0xFF)
			}
		}
		if b2 != nil && i >= 1 {
			if h := ((k & 0xFFFF) * gramMul) >> t2.shift; b2[h>>6]&(1<<(h&63)) != 0 {
				s.probe(t2, k&0xFFFF)
			}
		}
		if b3 != nil && i >= 2 {
			if h := ((k & 0xFFFFFF) * gramMul) >> t3.shift; b3[h>>6]&(1<<(h&63)) != 0 {
				s.probe(t3, k&0xFFFFFF)
			}
		}
	}
}

// scanGrams is scanText for fields whose needles are all 4 bytes or
// longer, the common case: one bloom test per byte.
func scanGrams[T string | []byte](s *scanner, tab *gramTable, t T) {
	if len(t) < 4 || tab.bloom == nil {
		return
	}
	bloom, shift := tab.bloom, tab.shift
	k := uint32(lowerASCII(t[0]))<<16 | uint32(lowerASCII(t[1]))<<8 | uint32(lowerASCII(t[2]))
	for i := 3; i < len(t); i++ {
		c := t[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		k = k<<8 | uint32(c)
		h := (k * gramMul) >> shift
		if bloom[h>>6]&(1<<(h&63)) != 0 {
			probe4(s, tab, k, t, i)
		}
	}
}

// wmMinLen is the shortest needle length for which Wu-Manber skipping pays.
const wmMinLen = 5

// wuManber searches many needles at once, skipping ahead by the shift
// table of 3-byte blocks (Wu and Manber, 1994): a block that ends no
// needle's first m bytes lets the window move up to m-2 bytes at once.
type wuManber struct {
	m       int     // shortest needle length; only first m bytes index
	shift   []uint8 // by block hash
	hshift  uint32
	buckets map[uint32][]gramEntry // hash of a needle's block ending at m-1
}

func wmHash(b0, b1, b2 byte, shift uint32) uint32 {
	return ((uint32(b0)<<16 | uint32(b1)<<8 | uint32(b2)) * gramMul) >> shift
}

func newWuManber(needles []gramEntry, m int) *wuManber {
	m = min(m, 255)
	bits := 10
	for bits < 16 && 1<<bits < len(needles)*m*2 {
		bits++
	}
	w := &wuManber{m: m, shift: make([]uint8, 1<<bits), hshift: uint32(32 - bits), buckets: map[uint32][]gramEntry{}}
	def := uint8(m - 2)
	for i := range w.shift {
		w.shift[i] = def
	}
	for _, e := range needles {
		n := e.needle
		for j := 2; j < m; j++ {
			h := wmHash(n[j-2], n[j-1], n[j], w.hshift)
			if sh := uint8(m - 1 - j); sh < w.shift[h] {
				w.shift[h] = sh
			}
		}
		h := wmHash(n[m-3], n[m-2], n[m-1], w.hshift)
		w.buckets[h] = append(w.buckets[h], e)
	}
	return w
}

// scanWM finds the needles of w in t, folded but for ASCII letters.
func scanWM[T string | []byte](s *scanner, w *wuManber, t T) {
	m := w.m
	for pos := m - 1; pos < len(t); {
		h := wmHash(lowerASCII(t[pos-2]), lowerASCII(t[pos-1]), lowerASCII(t[pos]), w.hshift)
		if sh := w.shift[h]; sh != 0 {
			pos += int(sh)
			continue
		}
		start := pos - m + 1
		for _, e := range w.buckets[h] {
			if s.atomGen[e.atom] == s.gen || start+len(e.needle) > len(t) {
				continue
			}
			ok := true
			for j := 0; j < len(e.needle); j++ {
				if lowerASCII(t[start+j]) != e.needle[j] {
					ok = false
					break
				}
			}
			if ok {
				s.hit(e.atom)
			}
		}
		pos++
	}
}

// probe looks up a whole short needle.
func (s *scanner) probe(tab *gramTable, key uint32) {
	for _, e := range tab.lookup(key) {
		s.hit(e.atom)
	}
}

// probe4 verifies the needles the 4-byte gram ending at i stands for.
func probe4[T string | []byte](s *scanner, tab *gramTable, key uint32, t T, i int) {
	for _, e := range tab.lookup(key) {
		start := i - 3 - int(e.off)
		if start < 0 || start+len(e.needle) > len(t) {
			continue
		}
		if s.atomGen[e.atom] == s.gen {
			continue
		}
		ok := true
		for j := 0; j < len(e.needle); j++ {
			if lowerASCII(t[start+j]) != e.needle[j] {
				ok = false
				break
			}
		}
		if ok {
			s.hit(e.atom)
		}
	}
}

// planBuilder builds the plans of a rule set from the rules'
// requirements, with every distinct atom numbered once.
type planBuilder struct {
	atoms []atom
	reqs  [][][]int32 // per rule: clauses of atom numbers
	local []int32     // atom number → number in the plan being built, or -1
}

func newPlanBuilder(reqs [][]clause) *planBuilder {
	b := &planBuilder{reqs: make([][][]int32, len(reqs))}
	ids := map[atom]int32{}
	for i, req := range reqs {
		for _, c := range req {
			ic := make([]int32, len(c))
			for j, a := range c {
				id, ok := ids[a]
				if !ok {
					id = int32(len(b.atoms))
					ids[a] = id
					b.atoms = append(b.atoms, a)
				}
				ic[j] = id
			}
			b.reqs[i] = append(b.reqs[i], ic)
		}
	}
	b.local = make([]int32, len(b.atoms))
	for i := range b.local {
		b.local[i] = -1
	}
	return b
}

// build builds the prefilter of one candidate list.
func (b *planBuilder) build(rules []int32) *plan {
	p := &plan{rules: rules, need: make([]uint8, len(rules))}
	var atoms []atom
	var global []int32 // plan atom → atom number
	var clausesOf [][]int32
	for pos, ri := range rules {
		req := b.reqs[ri]
		if len(req) == 0 {
			p.always = append(p.always, int32(pos))
			continue
		}
		p.need[pos] = uint8(len(req))
		for _, c := range req {
			ci := int32(len(p.clauseRule))
			p.clauseRule = append(p.clauseRule, int32(pos))
			for _, g := range c {
				id := b.local[g]
				if id < 0 {
					id = int32(len(atoms))
					b.local[g] = id
					global = append(global, g)
					atoms = append(atoms, b.atoms[g])
					clausesOf = append(clausesOf, nil)
				}
				clausesOf[id] = append(clausesOf[id], ci)
			}
		}
	}
	for _, g := range global {
		b.local[g] = -1
	}
	p.natoms = len(atoms)
	p.atomStart = make([]int32, len(atoms)+1)
	for i, cs := range clausesOf {
		p.atomStart[i+1] = p.atomStart[i] + int32(len(cs))
		p.atomClauses = append(p.atomClauses, cs...)
	}
	scanOf := map[string]int{}
	numOf := map[string]int{}
	var textAtoms [][]int32 // per scan
	for id, a := range atoms {
		id := int32(id)
		if a.keyword {
			p.keywordAtom = append(p.keywordAtom, id)
		}
		if a.numeric {
			j, ok := numOf[a.field]
			if !ok {
				j = len(p.nums)
				numOf[a.field] = j
				p.nums = append(p.nums, numScan{field: a.field, atoms: map[int64][]int32{}})
			}
			p.nums[j].atoms[a.num] = append(p.nums[j].atoms[a.num], id)
			continue
		}
		j, ok := scanOf[a.field]
		if !ok {
			j = len(p.scans)
			scanOf[a.field] = j
			p.scans = append(p.scans, fieldScan{field: a.field})
			textAtoms = append(textAtoms, nil)
		}
		textAtoms[j] = append(textAtoms[j], id)
	}
	for j := range p.scans {
		fs := &p.scans[j]
		ids := textAtoms[j]
		fs.ascii = true
		for _, id := range ids {
			fs.ascii = fs.ascii && isASCII(atoms[id].needle)
		}
		if len(ids) <= maxSmall {
			for _, id := range ids {
				n := needle{s: atoms[id].needle}
				if isASCII(n.s) {
					n.fold = true
					n.setAnchor()
				}
				fs.small = append(fs.small, smallNeedle{atom: id, n: n})
			}
			continue
		}
		shortest := len(atoms[ids[0]].needle)
		for _, id := range ids {
			shortest = min(shortest, len(atoms[id].needle))
		}
		if shortest >= wmMinLen {
			needles := make([]gramEntry, len(ids))
			for i, id := range ids {
				needles[i] = gramEntry{atom: id, needle: atoms[id].needle}
			}
			fs.wm = newWuManber(needles, shortest)
			continue
		}
		// Each long needle gets the gram fewest other needles use yet,
		// among its rarest ones, so that a gram hit verifies few needles.
		used := map[uint32]int{}
		for _, id := range ids {
			n := atoms[id].needle
			if len(n) < 4 {
				fs.tabs[len(n)-1].add(gramKey(n), gramEntry{atom: id, needle: n})
				continue
			}
			off := gramOffset(n, used)
			key := gramKey(n[off : off+4])
			used[key]++
			fs.tabs[3].add(key, gramEntry{atom: id, off: int32(off), needle: n})
		}
		for t := range fs.tabs {
			fs.tabs[t].seal()
		}
	}
	// Fields in a fixed order, so scans do not depend on map order.
	slices.SortFunc(p.scans, func(a, b fieldScan) int { return strings.Compare(a.field, b.field) })
	slices.SortFunc(p.nums, func(a, b numScan) int { return strings.Compare(a.field, b.field) })
	return p
}
