// Package detect is huntflow's deterministic analyst. It runs the shipped
// Sigma rules (package rules) and any rules a user adds over a window of
// events and turns the matches into findings:
//
//   - every rule match becomes a finding keyed by rule and process, so many
//     events of one behaviour in one process make one finding;
//   - findings of different rules in one process tree keep their own rule,
//     severity and techniques but share a tree label, named in their
//     descriptions, so an analyst sees them as one story without losing
//     which behaviour each rule saw;
//   - correlation rules (bursts, spreads) produce findings of their own;
//   - least-frequency stacking adds low-severity findings for rare
//     parent/child process pairs and for the one odd command line of a
//     routinely run program, where no rule explained the process.
//
// A window can be fed page by page through a session (NewSession), which
// keeps per-process state and counters rather than events, and matches
// rules on every core. Everything is sorted before it is returned: the same
// events give the same findings, IDs and order on every run, whatever the
// number of cores or the cut into pages.
package detect

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"os"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/rules"
	"github.com/huntflow/huntflow/sigma"
)

// AnalystName is the Analyst of every classification the detector returns.
const AnalystName = "huntflow-sigma"

// Options tune a Detector. The zero value is the recommended setting.
type Options struct {
	// DisableStacking turns off least-frequency stacking findings.
	DisableStacking bool
	// SeparateRules keeps one finding per rule and process instead of
	// merging the detections of one process tree into one finding.
	SeparateRules bool
	// MaxStackingFindings caps the stacking findings of one window, rarest
	// first; 0 means DefaultMaxStackingFindings.
	MaxStackingFindings int
	// Workers is how many goroutines match rules; 0 means GOMAXPROCS.
	// Findings do not depend on it.
	Workers int
	// Logger receives debug information; nil discards it.
	Logger *slog.Logger
}

// DefaultMaxStackingFindings is the default cap on stacking findings per
// window. Stacking is a hunting aid, not a verdict, so it must never drown
// the rule findings.
const DefaultMaxStackingFindings = 5

// Detector is the deterministic analyst. It is safe for concurrent use:
// each Detect and each session keeps its own state.
type Detector struct {
	rules *sigma.RuleSet
	opts  Options
	log   *slog.Logger
	// standalone caches RuleSet.Standalone per rule, read on every match.
	standalone map[*sigma.Rule]bool
}

var _ huntflow.Detector = (*Detector)(nil)

// New returns a detector over rs.
func New(rs *sigma.RuleSet, opts Options) *Detector {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if opts.MaxStackingFindings <= 0 {
		opts.MaxStackingFindings = DefaultMaxStackingFindings
	}
	d := &Detector{rules: rs, opts: opts, log: log, standalone: map[*sigma.Rule]bool{}}
	for _, r := range rs.Rules() {
		d.standalone[r] = rs.Standalone(r)
	}
	return d
}

// Rules returns the rule set the detector runs.
func (d *Detector) Rules() *sigma.RuleSet { return d.rules }

// LoadShipped loads the rules shipped with huntflow.
func LoadShipped() (*sigma.RuleSet, []sigma.LoadError, error) {
	return sigma.Load(rules.FS(), ".")
}

// Default returns a detector over the shipped rules. The shipped set must
// load cleanly, so any rule that fails to load is an error.
func Default() (*Detector, error) {
	rs, lerrs, err := LoadShipped()
	if err != nil {
		return nil, fmt.Errorf("load shipped rules: %w", err)
	}
	if len(lerrs) > 0 {
		errs := make([]error, len(lerrs))
		for i, e := range lerrs {
			errs[i] = e
		}
		return nil, fmt.Errorf("shipped rules: %d failed to load: %w", len(lerrs), errors.Join(errs...))
	}
	return New(rs, Options{}), nil
}

// FromDir returns a detector over the shipped rules plus the rules found
// under dir. Rules of dir that fail to load are returned as LoadErrors and
// left out; the error is for a directory that cannot be read or shipped
// rules that do not load.
func FromDir(dir string) (*Detector, []sigma.LoadError, error) {
	shipped, lerrs, err := LoadShipped()
	if err != nil {
		return nil, nil, fmt.Errorf("load shipped rules: %w", err)
	}
	if len(lerrs) > 0 {
		return nil, lerrs, fmt.Errorf("shipped rules: %d failed to load", len(lerrs))
	}
	user, ulerrs, err := sigma.Load(os.DirFS(dir), ".")
	if err != nil {
		return nil, ulerrs, fmt.Errorf("load rules from %s: %w", dir, err)
	}
	for i := range ulerrs {
		ulerrs[i].Path = dir + "/" + ulerrs[i].Path
	}
	c := &sigma.Collection{
		Rules:        append(shipped.Rules(), user.Rules()...),
		Correlations: append(shipped.Correlations(), user.Correlations()...),
		Filters:      append(shipped.Filters(), user.Filters()...),
	}
	rs, err := sigma.NewRuleSetFrom(c)
	if err != nil {
		// Unresolvable correlations or filters are left out of rs; report
		// them like load errors rather than refusing the whole set.
		ulerrs = append(ulerrs, sigma.LoadError{Path: dir, Err: err})
	}
	return New(rs, Options{}), ulerrs, nil
}

// aggKey identifies one rule finding: a rule on a process.
type aggKey struct {
	rule *sigma.Rule
	proc string
}

// agg accumulates the events of one rule on one process.
type agg struct {
	rule     *sigma.Rule
	proc     string
	first    huntflow.EventRef // the record the finding describes
	firstT   time.Time
	lastT    time.Time
	count    int    // occurrences: a launch logged twice counts once
	lastUnit string // the launch last counted (see resolved.unit)
	refs     []huntflow.EventRef
	order    int // first match position, for stable ties
	treeRoot string
}

// Detect classifies a window of events. Events need not be sorted; they are
// processed in time order. The events are only read. It is a session fed
// with the whole window.
func (d *Detector) Detect(ctx context.Context, w huntflow.Window, events []*huntflow.Event) (huntflow.Classification, error) {
	s := d.newSession(w)
	evs := inTimeOrder(events)
	for i := 0; i < len(evs); i += detectPage {
		if err := s.Add(ctx, evs[i:min(i+detectPage, len(evs))]); err != nil {
			return huntflow.Classification{Window: w, EventsScanned: len(events), Analyst: AnalystName, Category: "benign"}, err
		}
	}
	return s.Finish(ctx)
}

// inTimeOrder returns events sorted by time, copying only when the input is
// not already in order (stores return events in time order).
func inTimeOrder(events []*huntflow.Event) []*huntflow.Event {
	sorted := true
	for i := 1; i < len(events); i++ {
		if events[i] != nil && events[i-1] != nil && events[i].Time.Before(events[i-1].Time) {
			sorted = false
			break
		}
	}
	if sorted {
		return events
	}
	out := slices.Clone(events)
	slices.SortStableFunc(out, func(a, b *huntflow.Event) int {
		switch {
		case a == nil && b == nil:
			return 0
		case a == nil:
			return -1
		case b == nil:
			return 1
		}
		return a.Time.Compare(b.Time)
	})
	return out
}

// procKey is the process an event belongs to, or its host when the event
// names no process (Security and System events about the host).
func procKey(ev *huntflow.Event) string {
	if k := ev.ProcessKey(); k != "" {
		return k
	}
	return "host:" + strings.ToLower(ev.Host)
}

func isProcessCreation(ev *huntflow.Event) bool {
	switch ev.EventID {
	case 1:
		return strings.Contains(ev.Channel, "Sysmon")
	case 4688:
		return strings.EqualFold(ev.Channel, sigma.ChannelSecurity)
	}
	return false
}

// findingID is stable for the same behaviour of the same process: the same
// rule on the same process in two windows gets the same ID.
func findingID(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// levelConfidence is the confidence a single matching event of a rule of
// the given level carries.
func levelConfidence(s huntflow.Severity) float64 {
	switch s {
	case huntflow.SeverityCritical:
		return 0.95
	case huntflow.SeverityHigh:
		return 0.8
	case huntflow.SeverityMedium:
		return 0.6
	case huntflow.SeverityLow:
		return 0.35
	case huntflow.SeverityInformational:
		return 0.1
	}
	return 0.05
}

// Confidence is the confidence of a finding of the given severity resting on
// n events: repetition raises it slightly, closing at most a quarter of the
// gap to certainty, since repeated events of one behaviour are not
// independent evidence.
func Confidence(s huntflow.Severity, n int) float64 {
	base := levelConfidence(s)
	if n <= 1 {
		return round(base)
	}
	boost := math.Min(0.25, 0.05*math.Log2(float64(n)))
	return round(base + (1-base)*boost)
}

func round(f float64) float64 { return math.Round(f*1000) / 1000 }

func (d *Detector) ruleFinding(a *agg, tree []*agg) huntflow.Finding {
	r := a.rule
	sev, err := huntflow.ParseSeverity(r.Level)
	if err != nil {
		sev = huntflow.SeverityLow
	}
	ev := a.first
	f := huntflow.Finding{
		ID:          findingID("sigma", r.ID, a.proc),
		Title:       r.Title,
		Severity:    sev,
		Confidence:  Confidence(sev, a.count),
		Source:      "sigma",
		RuleID:      r.ID,
		RuleTitle:   r.Title,
		Techniques:  sortedUnique(r.Techniques()),
		Tactics:     sortedUnique(r.Tactics()),
		Host:        ev.Host,
		ProcessGUID: ev.ProcessGUID,
		ProcessID:   ev.ProcessID,
		Image:       ev.Image,
		CommandLine: ev.CommandLine, // cut to MaxCommandLine by Ref
		User:        ev.User,
		FirstSeen:   a.firstT,
		LastSeen:    a.lastT,
		Events:      a.refs,
		EventCount:  a.count,
	}
	if f.LastSeen.IsZero() {
		f.LastSeen = f.FirstSeen
	}
	f.Description = describe(r.Description, a, tree)
	return f
}

// describe writes what the rule means, what matched and, when other rules
// fired in the same process tree, which. Matched values come from the logs
// and are attacker-controlled: they are quoted and cut, never interpreted.
func describe(ruleDesc string, a *agg, tree []*agg) string {
	var b strings.Builder
	b.WriteString(strings.TrimSpace(strings.Join(strings.Fields(ruleDesc), " ")))
	ev := a.first
	b.WriteString("\n\nMatched ")
	fmt.Fprintf(&b, "%d event(s)", a.count)
	if ev.Host != "" {
		fmt.Fprintf(&b, " on host \"%s\"", ev.Host)
	}
	if ev.Image != "" {
		fmt.Fprintf(&b, "; process \"%s\"", ev.Image)
		if ev.ProcessID != 0 {
			fmt.Fprintf(&b, " (PID %d)", ev.ProcessID)
		}
	}
	if ev.User != "" {
		fmt.Fprintf(&b, "; user \"%s\"", ev.User)
	}
	if ev.CommandLine != "" {
		fmt.Fprintf(&b, "; command line \"%s\"", huntflow.Truncate(ev.CommandLine, 300))
	}
	if ev.ParentImage != "" {
		fmt.Fprintf(&b, "; parent \"%s\"", ev.ParentImage)
	}
	if t := ev.Target; t != "" {
		fmt.Fprintf(&b, "; target \"%s\"", huntflow.Truncate(t, 300))
	}
	b.WriteString(".")
	var related []string
	for _, o := range tree {
		if o != a && o.rule != a.rule {
			related = append(related, o.rule.Title)
		}
	}
	related = sortedUnique(related)
	if len(related) > 0 {
		const maxRelated = 8
		more := ""
		if len(related) > maxRelated {
			more = fmt.Sprintf(" and %d more", len(related)-maxRelated)
			related = related[:maxRelated]
		}
		fmt.Fprintf(&b, "\n\nProcess tree %s also shows: %s%s.", shortTree(a.treeRoot), strings.Join(related, "; "), more)
	}
	return b.String()
}

func shortTree(root string) string { return findingID("tree", root)[:8] }

// treeMembers groups rule findings by process tree.
func treeMembers(aggs []*agg) map[string][]*agg {
	m := map[string][]*agg{}
	for _, a := range aggs {
		m[a.treeRoot] = append(m[a.treeRoot], a)
	}
	return m
}

func hitFinding(h sigma.Hit) huntflow.Finding {
	c := h.Correlation
	sev, err := huntflow.ParseSeverity(c.Level)
	if err != nil {
		sev = huntflow.SeverityLow
	}
	keys := make([]string, 0, len(h.Group))
	for k := range h.Group {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := []string{"correlation", c.ID, c.Title}
	var grp []string
	for _, k := range keys {
		parts = append(parts, k+"="+h.Group[k])
		grp = append(grp, fmt.Sprintf("%s=\"%s\"", k, huntflow.Truncate(h.Group[k], 200)))
	}
	f := huntflow.Finding{
		ID:         findingID(parts...),
		Title:      c.Title,
		Severity:   sev,
		Source:     "sigma",
		RuleID:     c.ID,
		RuleTitle:  c.Title,
		Techniques: sortedUnique(c.Techniques()),
		Tactics:    sortedUnique(c.Tactics()),
		FirstSeen:  h.Start,
		LastSeen:   h.End,
		EventCount: len(h.Events),
	}
	for _, e := range h.Events {
		ev, ok := e.(*huntflow.Event)
		if !ok {
			continue
		}
		if len(f.Events) < huntflow.MaxFindingEvents {
			ref := slimRef(ev)
			if f.Host == "" {
				f.Host, f.User = ref.Host, ref.User
			}
			f.Events = append(f.Events, ref)
		}
	}
	f.Confidence = Confidence(sev, 1)
	desc := strings.TrimSpace(strings.Join(strings.Fields(c.Description), " "))
	f.Description = fmt.Sprintf("%s\n\nCorrelation %s reached %g over %d event(s) between %s and %s for %s.",
		desc, c.Type, h.Value, len(h.Events), h.Start.UTC().Format(time.RFC3339), h.End.UTC().Format(time.RFC3339), strings.Join(grp, ", "))
	return f
}

func sortedUnique(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	out := slices.Clone(s)
	slices.Sort(out)
	return slices.Compact(out)
}

// sortFindings orders findings most severe first, then by time, rule and
// ID, so output never depends on map order.
func sortFindings(fs []huntflow.Finding) {
	slices.SortStableFunc(fs, func(a, b huntflow.Finding) int {
		if a.Severity != b.Severity {
			return int(b.Severity) - int(a.Severity)
		}
		if c := a.FirstSeen.Compare(b.FirstSeen); c != 0 {
			return c
		}
		if c := strings.Compare(a.RuleID, b.RuleID); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}

// verdict derives the window's category and confidence. Confidence combines
// the strongest finding of each distinct rule as independent evidence,
// 1 - Π(1 - c), capped at 0.99; several findings of one rule do not count
// twice. The category is the tactic with the highest total severity.
func verdict(fs []huntflow.Finding) (string, float64) {
	if len(fs) == 0 {
		return "benign", 0
	}
	best := map[string]float64{}
	tactic := map[string]int{}
	peak := map[string]huntflow.Severity{}
	count := map[string]int{}
	for _, f := range fs {
		key := evidenceKey(f)
		best[key] = math.Max(best[key], f.Confidence)
		for _, t := range f.Tactics {
			tactic[t] += int(f.Severity)
			peak[t] = max(peak[t], f.Severity)
			count[t]++
		}
	}
	keys := make([]string, 0, len(best))
	for k := range best {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	miss := 1.0
	for _, k := range keys {
		miss *= 1 - best[k]
	}
	conf := round(math.Min(0.99, 1-miss))
	cat, top := "", -1
	names := make([]string, 0, len(tactic))
	for t := range tactic {
		names = append(names, t)
	}
	sort.Strings(names)
	// Ties go to the tactic with the most severe finding, then to the one
	// with more findings, then alphabetically.
	for _, t := range names {
		better := tactic[t] > top
		if tactic[t] == top {
			better = peak[t] > peak[cat] || peak[t] == peak[cat] && count[t] > count[cat]
		}
		if better {
			cat, top = t, tactic[t]
		}
	}
	if cat == "" {
		cat = "unknown"
	}
	return cat, conf
}

// evidenceKey names the detection a finding comes from, for verdict: the
// rule, else the title. Odd command lines of different programs come from
// one detection, shape stacking, and count once: a busy window has a few
// of them, and together they are no firmer a lead than one.
func evidenceKey(f huntflow.Finding) string {
	switch {
	case f.RuleID != "":
		return f.Source + "/" + f.RuleID
	case f.Source == "stacking" && strings.HasPrefix(f.Title, shapeTitlePrefix):
		return f.Source + "/" + shapeTitlePrefix
	}
	return f.Source + "/" + f.Title
}
