package sigma

import (
	"errors"
	"fmt"
	"math/bits"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// CorrelationType is the kind of a correlation rule.
type CorrelationType string

// The supported correlation types. value_percentile is rejected as
// unsupported: see parseCorrelation.
const (
	EventCount      CorrelationType = "event_count"
	ValueCount      CorrelationType = "value_count"
	ValueSum        CorrelationType = "value_sum"
	ValueAvg        CorrelationType = "value_avg"
	Temporal        CorrelationType = "temporal"
	TemporalOrdered CorrelationType = "temporal_ordered"
)

// Comparison is one criterion of a correlation condition, such as gte 10.
type Comparison struct {
	Op    string // gt, gte, lt, lte, eq or neq
	Value float64
}

func (c Comparison) holds(v float64) bool {
	switch c.Op {
	case "gt":
		return v > c.Value
	case "gte":
		return v >= c.Value
	case "lt":
		return v < c.Value
	case "lte":
		return v <= c.Value
	case "eq":
		return v == c.Value
	}
	return v != c.Value
}

// Correlation is a Sigma correlation rule: it matches when the events
// matched by other rules meet a condition within a timespan, per group.
type Correlation struct {
	ID, Name, Title, Description, Status, Author, Level string
	Date, Modified                                      string
	Tags, References, FalsePositives                    []string
	Type                                                CorrelationType
	// Rules are the referenced rules and correlations, by ID or name.
	Rules []string
	// GroupBy are the fields (or aliases) whose values must be equal for
	// events to be counted together.
	GroupBy  []string
	Timespan time.Duration
	// Field is the field a value_count, value_sum or value_avg correlation
	// aggregates; several fields count distinct combinations.
	Field []string
	// Condition holds every criterion the aggregate must meet. For
	// temporal correlations without one it is gte the number of rules.
	Condition []Comparison
	// Aliases maps an alias used in GroupBy to the field it stands for in
	// the events of each referenced rule (keyed by rule name or ID).
	Aliases map[string]map[string]string
	// Generate says the referenced rules should also produce findings of
	// their own; by default only the correlation does.
	Generate bool
	// Path is the file the correlation was loaded from, if any.
	Path string

	techniques, tactics []string
}

// Techniques returns the ATT&CK technique IDs of the correlation's tags.
func (c *Correlation) Techniques() []string { return slices.Clone(c.techniques) }

// Tactics returns the ATT&CK tactics of the correlation's tags.
func (c *Correlation) Tactics() []string { return slices.Clone(c.tactics) }

// Satisfied reports whether an aggregate value meets the condition.
func (c *Correlation) Satisfied(v float64) bool {
	for _, cmp := range c.Condition {
		if !cmp.holds(v) {
			return false
		}
	}
	return true
}

func (c *Correlation) String() string {
	if c.ID == "" {
		return fmt.Sprintf("correlation %q", c.Title)
	}
	return fmt.Sprintf("correlation %q (%s)", c.Title, c.ID)
}

// slides reports whether the correlation is evaluated over a sliding
// window. Conditions with only lower bounds can be decided the moment
// enough events have arrived, in whatever window of the timespan they fall.
// Upper bounds and equality need the window to be complete, so those are
// evaluated over windows that open at a group's first event and close one
// timespan later.
func (c *Correlation) slides() bool {
	for _, cmp := range c.Condition {
		if cmp.Op != "gt" && cmp.Op != "gte" {
			return false
		}
	}
	return true
}

// maxCorrelatedRules bounds the rules of a temporal correlation, whose
// per-event bookkeeping is a 64-bit set.
const maxCorrelatedRules = 64

func parseCorrelation(root *yaml.Node) (*Correlation, error) {
	h, err := decodeHeader(root)
	if err != nil {
		return nil, err
	}
	var body struct {
		Type      string                       `yaml:"type"`
		Rules     stringList                   `yaml:"rules"`
		GroupBy   stringList                   `yaml:"group-by"`
		Timespan  string                       `yaml:"timespan"`
		Condition yaml.Node                    `yaml:"condition"`
		Aliases   map[string]map[string]string `yaml:"aliases"`
	}
	if err := lookup(root, "correlation").Decode(&body); err != nil {
		return nil, fmt.Errorf("correlation: %w", err)
	}
	c := &Correlation{
		ID: h.ID, Name: h.Name, Title: h.Title, Description: h.Description,
		Status: h.Status, Author: strings.Join(h.Author, ", "), Level: h.Level,
		Date: h.Date, Modified: h.Modified,
		Tags: h.Tags, References: h.References, FalsePositives: h.FalsePositives,
		Type:     CorrelationType(body.Type),
		Rules:    body.Rules,
		GroupBy:  body.GroupBy,
		Aliases:  body.Aliases,
		Generate: h.Generate,
	}
	c.techniques, c.tactics = attackTags(c.Tags)
	switch c.Type {
	case EventCount, ValueCount, ValueSum, ValueAvg, Temporal, TemporalOrdered:
	case "value_percentile":
		// Which events the percentile ranks a value among is not defined by
		// the specification; guessing would make matches nobody can check.
		return nil, &UnsupportedError{Feature: "correlation type value_percentile", Reason: "the specification does not define the population the percentile is taken over"}
	case "":
		return nil, errors.New("correlation has no type")
	default:
		return nil, fmt.Errorf("unknown correlation type %q", body.Type)
	}
	if len(c.Rules) == 0 {
		return nil, errors.New("correlation has no rules")
	}
	if len(c.Rules) > maxCorrelatedRules {
		return nil, fmt.Errorf("correlation refers to %d rules, more than %d", len(c.Rules), maxCorrelatedRules)
	}
	if body.Timespan == "" {
		return nil, errors.New("correlation has no timespan")
	}
	if c.Timespan, err = parseTimespan(body.Timespan); err != nil {
		return nil, err
	}
	if err := c.parseCondition(&body.Condition); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Correlation) parseCondition(n *yaml.Node) error {
	n = deref(n)
	valued := c.Type == ValueCount || c.Type == ValueSum || c.Type == ValueAvg
	temporal := c.Type == Temporal || c.Type == TemporalOrdered
	if n.Kind == 0 || isNull(n) {
		if !temporal {
			return fmt.Errorf("%s correlation has no condition", c.Type)
		}
		c.Condition = []Comparison{{Op: "gte", Value: float64(len(c.Rules))}}
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return errors.New("correlation condition must be a map")
	}
	if c.Type == TemporalOrdered {
		return &UnsupportedError{Feature: "condition on a temporal_ordered correlation"}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, v := n.Content[i].Value, deref(n.Content[i+1])
		switch key {
		case "field":
			var fields stringList
			if err := v.Decode(&fields); err != nil {
				return fmt.Errorf("condition field: %w", err)
			}
			c.Field = fields
		case "gt", "gte", "lt", "lte", "eq", "neq":
			x, err := strconv.ParseFloat(v.Value, 64)
			if err != nil || v.Kind != yaml.ScalarNode {
				return fmt.Errorf("condition %s: want a number, not %q", key, v.Value)
			}
			c.Condition = append(c.Condition, Comparison{Op: key, Value: x})
		default:
			return fmt.Errorf("unknown condition criterion %q", key)
		}
	}
	switch {
	case valued && len(c.Field) == 0:
		return fmt.Errorf("%s correlation condition has no field", c.Type)
	case (c.Type == ValueSum || c.Type == ValueAvg) && len(c.Field) > 1:
		return fmt.Errorf("%s correlation takes one field", c.Type)
	case !valued && len(c.Field) > 0:
		return fmt.Errorf("%s correlation takes no field", c.Type)
	case len(c.Condition) == 0:
		return errors.New("correlation condition has no criterion")
	}
	return nil
}

// parseTimespan parses a number followed by s, m, h or d.
func parseTimespan(s string) (time.Duration, error) {
	if len(s) < 2 {
		return 0, fmt.Errorf("bad timespan %q: want a number and s, m, h or d", s)
	}
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("bad timespan %q: want a positive number and s, m, h or d", s)
	}
	unit := map[byte]time.Duration{'s': time.Second, 'm': time.Minute, 'h': time.Hour, 'd': 24 * time.Hour}[s[len(s)-1]]
	if unit == 0 {
		return 0, fmt.Errorf("bad timespan %q: unit must be s, m, h or d", s)
	}
	return time.Duration(n) * unit, nil
}

// ref is what a correlation refers to: a rule or another correlation.
type ref struct {
	rule *Rule
	corr *Correlation
}

func (r ref) names() (id, name string) {
	if r.rule != nil {
		return r.rule.ID, r.rule.Name
	}
	return r.corr.ID, r.corr.Name
}

// Hit is a correlation match.
type Hit struct {
	Correlation *Correlation
	// Group holds the group-by values shared by the events.
	Group map[string]string
	// Start and End are the times of the first and last event counted.
	Start, End time.Time
	// Value is the aggregate the condition was tested on: the number of
	// events, of distinct values, of distinct rules, or the sum or average.
	Value float64
	// Events are the events counted, oldest first. For a correlation of
	// correlations they are the *Hit values of the inner one.
	Events []Event
}

// Field returns a group-by value, so that hits can feed correlations of
// correlations.
func (h *Hit) Field(name string) (string, bool) {
	v, ok := h.Group[name]
	return v, ok
}

// Correlator evaluates the correlation rules of a RuleSet over a stream of
// rule matches. Matches must be fed in time order (small disorder within a
// group is tolerated). A Correlator is not safe for concurrent use.
type Correlator struct {
	byRule map[*Rule][]target
	byCorr map[*Correlation][]target
	states []*corrState
	now    time.Time
	fed    int
}

// target is one place a match feeds: a correlation and the positions of
// its rule list the matched rule takes.
type target struct {
	st   *corrState
	mask uint64
	pos  int // first position, for group-by aliases
}

type corrState struct {
	c        *Correlation
	sliding  bool
	complete uint64     // temporal: the mask of every position
	fields   [][]string // per rule position: the group-by field names
	groups   map[string]*corrGroup
}

type corrGroup struct {
	values   []string
	entries  []corrEntry
	distinct map[string]int // value_count: how many entries hold each value
}

type corrEntry struct {
	t      time.Time
	ev     Event
	mask   uint64
	val    string // value_count: the value tuple
	num    float64
	hasNum bool
}

// sweepEvery is how many matches pass between sweeps of idle groups.
const sweepEvery = 1024

// NewCorrelator returns a Correlator for the correlations of rs.
func NewCorrelator(rs *RuleSet) *Correlator {
	c := &Correlator{byRule: map[*Rule][]target{}, byCorr: map[*Correlation][]target{}}
	for _, corr := range rs.corrs {
		refs := rs.corrRefs[corr]
		st := &corrState{c: corr, sliding: corr.slides(), groups: map[string]*corrGroup{}}
		st.fields = make([][]string, len(refs))
		for i, r := range refs {
			id, name := r.names()
			st.complete |= 1 << i
			for _, g := range corr.GroupBy {
				field := g
				if alias, ok := corr.Aliases[g]; ok {
					if f, ok := alias[name]; ok && name != "" {
						field = f
					} else if f, ok := alias[id]; ok && id != "" {
						field = f
					}
				}
				st.fields[i] = append(st.fields[i], field)
			}
		}
		c.states = append(c.states, st)
		// A rule listed twice takes both positions with one event.
		masks := map[ref]uint64{}
		first := map[ref]int{}
		for i, r := range refs {
			if _, ok := first[r]; !ok {
				first[r] = i
			}
			masks[r] |= 1 << i
		}
		for _, r := range refs {
			t := target{st: st, mask: masks[r], pos: first[r]}
			if masks[r] == 0 {
				continue
			}
			masks[r] = 0
			if r.rule != nil {
				c.byRule[r.rule] = append(c.byRule[r.rule], t)
			} else {
				c.byCorr[r.corr] = append(c.byCorr[r.corr], t)
			}
		}
	}
	return c
}

// Observe feeds a match of rule r on ev at time t, and calls emit for every
// correlation it completes, including correlations of correlations.
func (c *Correlator) Observe(r *Rule, ev Event, t time.Time, emit func(Hit)) {
	if t.After(c.now) {
		c.now = t
	}
	for _, tg := range c.byRule[r] {
		c.feed(tg, ev, t, emit)
	}
	if c.fed++; c.fed%sweepEvery == 0 {
		c.sweep(emit)
	}
}

// Flush closes every open window, emitting the hits of correlations whose
// conditions need complete windows (lt, lte, eq, neq). Call it at the end
// of the stream.
func (c *Correlator) Flush(emit func(Hit)) {
	for _, st := range c.states {
		for _, key := range sortedKeys(st.groups) {
			g := st.groups[key]
			if !st.sliding {
				c.close(st, g, emit)
			}
			delete(st.groups, key)
		}
	}
}

// sweep drops groups whose windows ended before the latest match, closing
// them first when they still have to be evaluated, so memory stays bounded
// and hits are not held back until Flush.
func (c *Correlator) sweep(emit func(Hit)) {
	for _, st := range c.states {
		for _, key := range sortedKeys(st.groups) {
			g := st.groups[key]
			if len(g.entries) == 0 {
				delete(st.groups, key)
				continue
			}
			if st.sliding && c.now.Sub(g.entries[len(g.entries)-1].t) > st.c.Timespan {
				delete(st.groups, key)
			} else if !st.sliding && c.now.Sub(g.entries[0].t) > st.c.Timespan {
				c.close(st, g, emit)
				delete(st.groups, key)
			}
		}
	}
}

func sortedKeys(m map[string]*corrGroup) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func (c *Correlator) feed(tg target, ev Event, t time.Time, emit func(Hit)) {
	st := tg.st
	corr := st.c
	fields := st.fields[tg.pos]
	values := make([]string, len(fields))
	for i, f := range fields {
		v, ok := ev.Field(f)
		if !ok || v == "" {
			// Like a SIEM's "stats by", events without a group-by value
			// are not counted.
			return
		}
		values[i] = v
	}
	e := corrEntry{t: t, ev: ev, mask: tg.mask}
	switch corr.Type {
	case ValueCount:
		parts := make([]string, len(corr.Field))
		for i, f := range corr.Field {
			v, ok := ev.Field(f)
			if !ok || v == "" {
				return
			}
			parts[i] = v
		}
		e.val = strings.Join(parts, "\x00")
	case ValueSum, ValueAvg:
		v, ok := ev.Field(corr.Field[0])
		if !ok {
			return
		}
		x, ok := parseNumber(v)
		if !ok {
			return
		}
		e.num, e.hasNum = x.f, true
	}
	key := strings.Join(values, "\x00")
	g := st.groups[key]
	if g == nil {
		g = &corrGroup{values: values, distinct: map[string]int{}}
		st.groups[key] = g
	}
	if !st.sliding {
		if len(g.entries) > 0 && t.Sub(g.entries[0].t) > corr.Timespan {
			c.close(st, g, emit)
		}
		g.add(e)
		return
	}
	g.add(e)
	// Keep the events within one timespan of the newest.
	newest := g.entries[len(g.entries)-1].t
	drop := 0
	for drop < len(g.entries) && newest.Sub(g.entries[drop].t) > corr.Timespan {
		drop++
	}
	g.drop(drop)
	if v, ok := st.aggregate(g); ok && corr.Satisfied(v) {
		hit := st.hit(g, v)
		// The events are spent: the next hit needs new ones.
		g.drop(len(g.entries))
		c.emit(hit, emit)
	}
}

// close evaluates a complete window and empties it.
func (c *Correlator) close(st *corrState, g *corrGroup, emit func(Hit)) {
	if len(g.entries) == 0 {
		return
	}
	v, ok := st.aggregate(g)
	var hit Hit
	if ok && st.c.Satisfied(v) {
		hit = st.hit(g, v)
	}
	g.drop(len(g.entries))
	if hit.Correlation != nil {
		c.emit(hit, emit)
	}
}

func (c *Correlator) emit(h Hit, emit func(Hit)) {
	emit(h)
	for _, tg := range c.byCorr[h.Correlation] {
		hit := h
		c.feed(tg, &hit, h.End, emit)
	}
}

// add inserts e in time order; matches usually arrive in order, so this is
// an append.
func (g *corrGroup) add(e corrEntry) {
	i := len(g.entries)
	for i > 0 && g.entries[i-1].t.After(e.t) {
		i--
	}
	g.entries = slices.Insert(g.entries, i, e)
	if e.val != "" {
		g.distinct[e.val]++
	}
}

// drop removes the n oldest entries.
func (g *corrGroup) drop(n int) {
	for _, e := range g.entries[:n] {
		if e.val != "" {
			if g.distinct[e.val]--; g.distinct[e.val] == 0 {
				delete(g.distinct, e.val)
			}
		}
	}
	g.entries = slices.Delete(g.entries, 0, n)
}

// aggregate computes the value the condition tests. ok is false when there
// is nothing to test: no numbers to average, or an incomplete sequence.
func (st *corrState) aggregate(g *corrGroup) (float64, bool) {
	switch st.c.Type {
	case EventCount:
		return float64(len(g.entries)), true
	case ValueCount:
		return float64(len(g.distinct)), true
	case ValueSum, ValueAvg:
		sum, n := 0.0, 0
		for _, e := range g.entries {
			if e.hasNum {
				sum += e.num
				n++
			}
		}
		if n == 0 {
			return 0, false
		}
		if st.c.Type == ValueAvg {
			return sum / float64(n), true
		}
		return sum, true
	case Temporal:
		var seen uint64
		for _, e := range g.entries {
			seen |= e.mask
		}
		return float64(bits.OnesCount64(seen)), true
	case TemporalOrdered:
		seq := st.sequence(g)
		return float64(len(seq)), len(seq) == bits.Len64(st.complete)
	}
	return 0, false
}

// sequence returns the entries that take the positions of an ordered
// correlation in turn, as far as the window allows. Taking the earliest
// event for each position finds a complete sequence whenever one exists.
func (st *corrState) sequence(g *corrGroup) []corrEntry {
	var seq []corrEntry
	n := bits.Len64(st.complete)
	for _, e := range g.entries {
		if len(seq) < n && e.mask&(1<<len(seq)) != 0 {
			seq = append(seq, e)
		}
	}
	return seq
}

func (st *corrState) hit(g *corrGroup, v float64) Hit {
	entries := g.entries
	if st.c.Type == TemporalOrdered {
		// Events in the window that are not part of the sequence (a
		// success before the failures) are not evidence of it.
		entries = st.sequence(g)
	}
	h := Hit{
		Correlation: st.c,
		Group:       make(map[string]string, len(st.c.GroupBy)),
		Start:       entries[0].t,
		End:         entries[len(entries)-1].t,
		Value:       v,
		Events:      make([]Event, len(entries)),
	}
	for i, name := range st.c.GroupBy {
		h.Group[name] = g.values[i]
	}
	for i, e := range entries {
		h.Events[i] = e.ev
	}
	return h
}
