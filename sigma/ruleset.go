package sigma

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
)

// RuleSet is a set of compiled rules indexed by the events their logsources
// cover, with the correlations and filters that refer to them. It is
// immutable and safe for concurrent use.
type RuleSet struct {
	rules         []*Rule
	entries       []entry // parallel to rules
	corrs         []*Correlation
	corrRefs      map[*Correlation][]ref
	filters       []*Filter
	notStandalone map[*Rule]bool
	index         ruleIndex
	unsupported   []string
	scanners      *sync.Pool // of *scanner
	// noPrefilter evaluates every candidate rule, for tests that compare
	// the prefiltered path with the plain one.
	noPrefilter bool
}

// entry is a rule with the global filters that apply to it.
type entry struct {
	rule    *Rule
	filters []*Filter
}

func (e *entry) match(ev Event) bool {
	if !e.rule.det.match(ev) {
		return false
	}
	for _, f := range e.filters {
		if !f.det.match(ev) {
			return false
		}
	}
	return true
}

// ruleIndex finds the rules whose logsource covers an event. Every list is
// precomputed and in rule order, so matching an event is a map lookup or
// two and a walk over the candidates; each list carries its prefilter.
type ruleIndex struct {
	all      []int32        // rules that apply to every event
	channels map[string]int // channel name → slot
	slots    []channelSlot  // channels some rule names

	allPlan *plan
}

type channelSlot struct {
	name string
	any  []int32         // all, plus the rules for every event of the channel
	byID map[int][]int32 // any, plus the rules for the event ID

	anyPlan *plan
	idPlans map[int]*plan
}

func (ix *ruleIndex) candidates(channel string, eventID int) *plan {
	slot, ok := ix.channels[channel]
	if !ok {
		slot = -1
		for i := range ix.slots {
			if strings.EqualFold(ix.slots[i].name, channel) {
				slot = i
				break
			}
		}
	}
	if slot < 0 {
		return ix.allPlan
	}
	s := &ix.slots[slot]
	if p, ok := s.idPlans[eventID]; ok {
		return p
	}
	return s.anyPlan
}

// buildPlans builds the prefilter of every candidate list, once per
// distinct list.
func (ix *ruleIndex) buildPlans(reqs [][]clause) {
	b := newPlanBuilder(reqs)
	seen := map[string]*plan{}
	planOf := func(l []int32) *plan {
		key := make([]byte, 0, 4*len(l))
		for _, r := range l {
			key = append(key, byte(r), byte(r>>8), byte(r>>16), byte(r>>24))
		}
		if p, ok := seen[string(key)]; ok {
			return p
		}
		p := b.build(l)
		seen[string(key)] = p
		return p
	}
	ix.allPlan = planOf(ix.all)
	for i := range ix.slots {
		s := &ix.slots[i]
		s.anyPlan = planOf(s.any)
		s.idPlans = make(map[int]*plan, len(s.byID))
		for id, l := range s.byID {
			s.idPlans[id] = planOf(l)
		}
	}
}

func buildIndex(rules []*Rule) (ruleIndex, []string) {
	ix := ruleIndex{channels: map[string]int{}}
	var notes []string
	scopes := make([]scope, len(rules))
	slotOf := func(ch string) int {
		for i := range ix.slots {
			if strings.EqualFold(ix.slots[i].name, ch) {
				return i
			}
		}
		ix.slots = append(ix.slots, channelSlot{name: ch, byID: map[int][]int32{}})
		ix.channels[ch] = len(ix.slots) - 1
		return len(ix.slots) - 1
	}
	for i, r := range rules {
		sc, why := resolveLogsource(r.Logsource)
		scopes[i] = sc
		if why != "" {
			notes = append(notes, ruleNote(r, why+"; it never matches"))
		}
		for _, p := range sc.pairs {
			s := slotOf(p.channel)
			for _, id := range p.ids {
				ix.slots[s].byID[id] = nil
			}
		}
	}
	// With every key known, fill the lists in rule order.
	for i := range rules {
		ri := int32(i)
		sc := scopes[i]
		if sc.all {
			ix.all = append(ix.all, ri)
			for s := range ix.slots {
				ix.slots[s].any = append(ix.slots[s].any, ri)
				for id := range ix.slots[s].byID {
					ix.slots[s].byID[id] = append(ix.slots[s].byID[id], ri)
				}
			}
			continue
		}
		for _, p := range sc.pairs {
			s := &ix.slots[slotOf(p.channel)]
			if p.ids == nil {
				if len(s.any) == 0 || s.any[len(s.any)-1] != ri {
					s.any = append(s.any, ri)
				}
				for id := range s.byID {
					if l := s.byID[id]; len(l) == 0 || l[len(l)-1] != ri {
						s.byID[id] = append(l, ri)
					}
				}
				continue
			}
			for _, id := range p.ids {
				if l := s.byID[id]; len(l) == 0 || l[len(l)-1] != ri {
					s.byID[id] = append(l, ri)
				}
			}
		}
	}
	return ix, notes
}

// ruleNote formats an unsupported feature of a loaded rule.
func ruleNote(r *Rule, note string) string {
	if r.Path == "" {
		return fmt.Sprintf("rule %s: %s", r, note)
	}
	return fmt.Sprintf("%s: rule %s: %s", r.Path, r, note)
}

// NewRuleSet indexes rules. Rules whose logsource covers no Windows events
// are kept but never matched, and reported by Unsupported.
func NewRuleSet(rules []*Rule) *RuleSet {
	rs, _ := build(&Collection{Rules: rules}, false)
	return rs
}

// NewRuleSetFrom builds a rule set from parsed rules, correlations and
// filters. Rules with an ID or name already taken, and correlations and
// filters whose references cannot be resolved, are left out; the error
// names each of them.
func NewRuleSetFrom(c *Collection) (*RuleSet, error) {
	rs, errs := build(c, true)
	var joined []error
	for _, e := range errs {
		joined = append(joined, e)
	}
	return rs, errors.Join(joined...)
}

// Load loads every *.yml and *.yaml file under root, skipping hidden
// directories. A document that cannot be loaded is reported as a LoadError
// naming its file and the reason; the other rules still load. Rules with
// duplicate IDs are reported and the later ones dropped. The error is only
// for failures to walk or read the tree.
func Load(fsys fs.FS, root string) (*RuleSet, []LoadError, error) {
	c, lerrs, err := LoadCollection(fsys, root)
	if err != nil {
		return nil, lerrs, err
	}
	rs, berrs := build(c, true)
	lerrs = append(lerrs, berrs...)
	var unsupported []string
	for _, e := range lerrs {
		var u *UnsupportedError
		if errors.As(e.Err, &u) {
			unsupported = append(unsupported, e.Error())
		}
	}
	rs.unsupported = append(unsupported, rs.unsupported...)
	return rs, lerrs, nil
}

// LoadCollection parses the rule files under root like Load, without
// resolving references, so that collections from several trees can be
// merged before NewRuleSetFrom resolves references across them.
func LoadCollection(fsys fs.FS, root string) (*Collection, []LoadError, error) {
	all := &Collection{}
	var lerrs []LoadError
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			// Hidden directories (.git, .github) hold YAML that is not
			// rules.
			if p != root && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		if ext := strings.ToLower(path.Ext(p)); ext != ".yml" && ext != ".yaml" {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		c, errs := parseFile(data, p)
		for _, e := range errs {
			lerrs = append(lerrs, LoadError{Path: p, Err: e})
		}
		all.Rules = append(all.Rules, c.Rules...)
		all.Correlations = append(all.Correlations, c.Correlations...)
		all.Filters = append(all.Filters, c.Filters...)
		return nil
	})
	if err != nil {
		return nil, lerrs, fmt.Errorf("load rules from %s: %w", root, err)
	}
	return all, lerrs, nil
}

// build resolves references between rules, correlations and filters, and
// indexes the rules. What cannot be resolved is left out and reported.
// Rules whose ID or name is taken are reported, and dropped if dropDuplicates
// is set; otherwise they are kept but cannot be referred to.
func build(c *Collection, dropDuplicates bool) (*RuleSet, []LoadError) {
	rs := &RuleSet{corrRefs: map[*Correlation][]ref{}, notStandalone: map[*Rule]bool{}}
	var errs []LoadError
	fail := func(p string, err error) { errs = append(errs, LoadError{Path: p, Err: err}) }

	byID := map[string]ref{}
	byName := map[string]ref{}
	where := map[string]string{}
	register := func(r ref, p, what string) bool {
		id, name := r.names()
		if id != "" {
			if _, dup := byID[id]; dup {
				fail(p, fmt.Errorf("%s: duplicate id %s (first in %s)", what, id, where["id:"+id]))
				return false
			}
		}
		if name != "" {
			if _, dup := byName[name]; dup {
				fail(p, fmt.Errorf("%s: duplicate name %s (first in %s)", what, name, where["name:"+name]))
				return false
			}
		}
		if id != "" {
			byID[id], where["id:"+id] = r, p
		}
		if name != "" {
			byName[name], where["name:"+name] = r, p
		}
		return true
	}
	for _, r := range c.Rules {
		if register(ref{rule: r}, r.Path, "rule "+r.String()) || !dropDuplicates {
			rs.rules = append(rs.rules, r)
		}
	}
	var corrs []*Correlation
	for _, corr := range c.Correlations {
		if register(ref{corr: corr}, corr.Path, corr.String()) {
			corrs = append(corrs, corr)
		}
	}
	resolve := func(key string) (ref, bool) {
		if r, ok := byID[key]; ok {
			return r, true
		}
		r, ok := byName[key]
		return r, ok
	}

	// A correlation is usable when everything it refers to is a rule or a
	// usable correlation, without cycles.
	const (
		unvisited = iota
		visiting
		usable
		broken
	)
	state := map[*Correlation]int{}
	var visit func(corr *Correlation) bool
	visit = func(corr *Correlation) bool {
		switch state[corr] {
		case visiting:
			return false
		case usable:
			return true
		case broken:
			return false
		}
		state[corr] = visiting
		var refs []ref
		var problem error
		for _, key := range corr.Rules {
			r, ok := resolve(key)
			switch {
			case !ok:
				problem = fmt.Errorf("%s: rule %s not found", corr, key)
			case r.corr != nil && !visit(r.corr):
				problem = fmt.Errorf("%s: correlation %s is unusable or part of a cycle", corr, key)
			}
			if problem != nil {
				break
			}
			refs = append(refs, r)
		}
		if problem != nil {
			state[corr] = broken
			fail(corr.Path, problem)
			return false
		}
		state[corr] = usable
		rs.corrRefs[corr] = refs
		return true
	}
	for _, corr := range corrs {
		if visit(corr) {
			rs.corrs = append(rs.corrs, corr)
			if !corr.Generate {
				for _, r := range rs.corrRefs[corr] {
					if r.rule != nil {
						rs.notStandalone[r.rule] = true
					}
				}
			}
		}
	}

	filtersOf := map[*Rule][]*Filter{}
	for _, f := range c.Filters {
		var targets []*Rule
		var problem error
		if f.appliesToAny() {
			for _, r := range rs.rules {
				if f.covers(r.Logsource) {
					targets = append(targets, r)
				}
			}
		} else {
			for _, key := range f.Rules {
				r, ok := resolve(key)
				switch {
				case !ok || r.rule == nil:
					problem = fmt.Errorf("%s: rule %s not found", f, key)
				case !f.covers(r.rule.Logsource):
					problem = fmt.Errorf("%s: logsource does not cover rule %s", f, key)
				}
				if problem != nil {
					break
				}
				targets = append(targets, r.rule)
			}
		}
		if problem != nil {
			fail(f.Path, problem)
			continue
		}
		rs.filters = append(rs.filters, f)
		for _, r := range targets {
			filtersOf[r] = append(filtersOf[r], f)
		}
	}

	rs.entries = make([]entry, len(rs.rules))
	for i, r := range rs.rules {
		rs.entries[i] = entry{rule: r, filters: filtersOf[r]}
		for _, n := range r.notes {
			rs.unsupported = append(rs.unsupported, ruleNote(r, n))
		}
	}
	var notes []string
	rs.index, notes = buildIndex(rs.rules)
	rs.unsupported = append(rs.unsupported, notes...)
	reqs := make([][]clause, len(rs.rules))
	for i, r := range rs.rules {
		if req, ok := r.det.requirement(); ok {
			reqs[i] = req
		}
	}
	rs.index.buildPlans(reqs)
	rs.scanners = &sync.Pool{New: func() any { return &scanner{} }}
	return rs, errs
}

// Rules returns the rules of the set, in load order.
func (rs *RuleSet) Rules() []*Rule { return slices.Clone(rs.rules) }

// Correlations returns the usable correlation rules of the set.
func (rs *RuleSet) Correlations() []*Correlation { return slices.Clone(rs.corrs) }

// Filters returns the global filters applied by the set.
func (rs *RuleSet) Filters() []*Filter { return slices.Clone(rs.filters) }

// Unsupported lists the features seen in the rules that are not supported:
// rules rejected for them, and rules that loaded but cannot match as
// written (a logsource with no Windows mapping, a foreign taxonomy).
func (rs *RuleSet) Unsupported() []string { return slices.Clone(rs.unsupported) }

// Standalone reports whether matches of r are findings in their own right.
// Rules referred to by a correlation without generate: true only feed the
// correlation, as the specification asks.
func (rs *RuleSet) Standalone(r *Rule) bool { return !rs.notStandalone[r] }

// Match calls fn for every rule whose logsource applies to (channel,
// eventID) and whose detection, and global filters, the event satisfies.
// Rules are visited in load order. An event of a channel no rule names, or
// with no channel, meets only the rules that apply to every event. Matching
// allocates nothing.
func (rs *RuleSet) Match(ev Event, channel string, eventID int, fn func(*Rule)) {
	p := rs.index.candidates(channel, eventID)
	if p == nil { // a zero RuleSet
		return
	}
	if rs.noPrefilter || len(p.always) == len(p.rules) {
		for _, i := range p.rules {
			if e := &rs.entries[i]; e.match(ev) {
				fn(e.rule)
			}
		}
		return
	}
	s := rs.scanners.Get().(*scanner)
	s.prepare(p, ev)
	// Merge the rules that are always evaluated with those the prefilter
	// let through, keeping load order.
	always, active := p.always, s.active
	for len(always) > 0 || len(active) > 0 {
		var pos int32
		if len(active) == 0 || (len(always) > 0 && always[0] < active[0]) {
			pos, always = always[0], always[1:]
		} else {
			pos, active = active[0], active[1:]
		}
		if e := &rs.entries[p.rules[pos]]; e.match(ev) {
			fn(e.rule)
		}
	}
	s.p = nil
	rs.scanners.Put(s)
}

// Candidates returns the rules whose logsource applies to (channel,
// eventID), in load order.
func (rs *RuleSet) Candidates(channel string, eventID int) []*Rule {
	var idx []int32
	if p := rs.index.candidates(channel, eventID); p != nil {
		idx = p.rules
	}
	out := make([]*Rule, len(idx))
	for i, j := range idx {
		out[i] = rs.rules[j]
	}
	return out
}
