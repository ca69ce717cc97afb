package sigma

import (
	"slices"
	"sort"
	"strings"
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

func (c clause) cost() float64 {
	s := 0.0
	for _, a := range c {
		s += a.cost()
	}
	return s
}

// best keeps the cheapest clauses, cheapest first.
func best(cs []clause) []clause {
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].cost() < cs[j].cost() })
	if len(cs) > maxClauses {
		cs = cs[:maxClauses]
	}
	return cs
}

// union ORs clauses into one, without duplicate atoms.
func union(cs ...clause) clause {
	var out clause
	seen := map[atom]bool{}
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
type fieldScan struct {
	field string
	tabs  [4]gramTable // by gram length - 1
}

type gramTable struct {
	bloom   []uint64
	shift   uint32
	entries map[uint32][]gramEntry
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
	bits := uint32(512)
	for bits < uint32(len(t.entries))*16 && bits < 1<<22 {
		bits <<= 1
	}
	t.shift = 32 - uint32(log2(bits))
	t.bloom = make([]uint64, bits/64)
	for k := range t.entries {
		h := (k * gramMul) >> t.shift
		t.bloom[h>>6] |= 1 << (h & 63)
	}
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
// least likely to occur in values, so the gram rarely hits by chance.
func gramOffset(s string) int {
	bestOff, bestCost := 0, 1<<30
	for i := 0; i+4 <= len(s); i++ {
		c := 0
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
		if isASCII(v) {
			scanText(s, fs, v)
		} else {
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
// letters (lowered here, byte by byte).
func scanText[T string | []byte](s *scanner, fs *fieldScan, t T) {
	t1, t2, t3, t4 := &fs.tabs[0], &fs.tabs[1], &fs.tabs[2], &fs.tabs[3]
	var k uint32
	for i := 0; i < len(t); i++ {
		k = k<<8 | uint32(lowerASCII(t[i]))
		if t1.bloom != nil {
			s.probe(t1, k&0xFF)
		}
		if i < 1 {
			continue
		}
		if t2.bloom != nil {
			s.probe(t2, k&0xFFFF)
		}
		if i < 2 {
			continue
		}
		if t3.bloom != nil {
			s.probe(t3, k&0xFFFFFF)
		}
		if i < 3 {
			continue
		}
		if t4.bloom != nil {
			probe4(s, t4, k, t, i)
		}
	}
}

// probe looks up a whole short needle ending at i.
func (s *scanner) probe(tab *gramTable, key uint32) {
	h := (key * gramMul) >> tab.shift
	if tab.bloom[h>>6]&(1<<(h&63)) == 0 {
		return
	}
	for _, e := range tab.entries[key] {
		s.hit(e.atom)
	}
}

// probe4 looks up the 4-byte gram ending at i and verifies the needles it
// stands for.
func probe4[T string | []byte](s *scanner, tab *gramTable, key uint32, t T, i int) {
	h := (key * gramMul) >> tab.shift
	if tab.bloom[h>>6]&(1<<(h&63)) == 0 {
		return
	}
	for _, e := range tab.entries[key] {
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

// buildPlan builds the prefilter of one candidate list from the rules'
// requirements.
func buildPlan(rules []int32, reqs [][]clause) *plan {
	p := &plan{rules: rules, need: make([]uint8, len(rules))}
	atomIDs := map[atom]int32{}
	var atoms []atom
	var clausesOf [][]int32
	for pos, ri := range rules {
		req := reqs[ri]
		if len(req) == 0 {
			p.always = append(p.always, int32(pos))
			continue
		}
		p.need[pos] = uint8(len(req))
		for _, c := range req {
			ci := int32(len(p.clauseRule))
			p.clauseRule = append(p.clauseRule, int32(pos))
			for _, a := range c {
				id, ok := atomIDs[a]
				if !ok {
					id = int32(len(atoms))
					atomIDs[a] = id
					atoms = append(atoms, a)
					clausesOf = append(clausesOf, nil)
				}
				clausesOf[id] = append(clausesOf[id], ci)
			}
		}
	}
	p.natoms = len(atoms)
	p.atomStart = make([]int32, len(atoms)+1)
	for i, cs := range clausesOf {
		p.atomStart[i+1] = p.atomStart[i] + int32(len(cs))
		p.atomClauses = append(p.atomClauses, cs...)
	}
	scanOf := map[string]int{}
	numOf := map[string]int{}
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
		}
		fs := &p.scans[j]
		n := a.needle
		if len(n) < 4 {
			fs.tabs[len(n)-1].add(gramKey(n), gramEntry{atom: id, needle: n})
			continue
		}
		off := gramOffset(n)
		fs.tabs[3].add(gramKey(n[off:off+4]), gramEntry{atom: id, off: int32(off), needle: n})
	}
	for i := range p.scans {
		for j := range p.scans[i].tabs {
			p.scans[i].tabs[j].seal()
		}
	}
	// Fields in a fixed order, so scans do not depend on map order.
	slices.SortFunc(p.scans, func(a, b fieldScan) int { return strings.Compare(a.field, b.field) })
	slices.SortFunc(p.nums, func(a, b numScan) int { return strings.Compare(a.field, b.field) })
	return p
}
