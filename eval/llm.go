package eval

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/attack"
)

// Defaults of an evaluation with the LLM analyst.
const (
	// DefaultLLMWindows caps the LLM calls per simulation: an evaluation
	// runs dozens of simulations, and each call costs time and money.
	DefaultLLMWindows = 3
	// MaxLLMWindows is the most LLM.Windows may ask for.
	MaxLLMWindows = 10
	// DefaultLLMEvents caps the events of one call, as a hunt's ReasonWindow
	// does (activities.MaxPromptEvents); the analyst samples further to fit
	// its prompt budget.
	DefaultLLMEvents = 400
)

// TechniqueValidator checks a technique ID against the ATT&CK catalogue
// (attack.Catalogue.Validate): the ID to report, or ok=false to drop it.
type TechniqueValidator interface {
	Validate(id string) (canonical, note string, ok bool)
}

// LLM asks an LLM analyst to review each simulation on top of the
// rules, as a hunt's ReasonWindow step does, so an evaluation can say what
// the LLM adds. The rules' score is computed first and never changes.
type LLM struct {
	Reasoner huntflow.Reasoner
	// Windows is how many windows of a simulation the LLM reviews, one call
	// each (0: DefaultLLMWindows): the busiest ones when the simulation
	// spans more than one window.
	Windows int
	// WindowLength is the length of a window (0: huntflow.DefaultWindow, a
	// hunt's window).
	WindowLength time.Duration
	// MaxEvents caps the events of one call (0: DefaultLLMEvents).
	MaxEvents int
	// Catalogue validates the LLM's techniques (nil: attack.Default()).
	Catalogue TechniqueValidator
}

func (l LLM) withDefaults() LLM {
	if l.Windows <= 0 {
		l.Windows = DefaultLLMWindows
	}
	if l.WindowLength <= 0 {
		l.WindowLength = huntflow.DefaultWindow
	}
	if l.MaxEvents <= 0 {
		l.MaxEvents = DefaultLLMEvents
	}
	if l.Catalogue == nil {
		l.Catalogue = attack.Default()
	}
	return l
}

func (l LLM) validate() error {
	switch {
	case l.Reasoner == nil:
		return fmt.Errorf("LLM evaluation: no reasoner")
	case l.Windows > MaxLLMWindows:
		return fmt.Errorf("LLM evaluation: %d windows per simulation, at most %d", l.Windows, MaxLLMWindows)
	}
	return nil
}

// SimLLM is what the LLM analyst added to one simulation's evaluation.
type SimLLM struct {
	Windows []huntflow.Window `json:"windows"`
	// Calls counts the analyst's Classify calls; Failures those that
	// returned an error, described in Errors. A failed call adds nothing:
	// the rules' result stands.
	Calls    int      `json:"calls"`
	Failures int      `json:"failures"`
	Errors   []string `json:"errors,omitempty"`
	Findings int      `json:"findings"`
	// Techniques are the LLM's techniques the ATT&CK catalogue accepted
	// (canonical IDs); Dropped those it rejected.
	Techniques []string `json:"techniques"`
	Dropped    []string `json:"dropped_techniques,omitempty"`
	// Found, the hits and the recalls score the rules and the LLM together.
	Found       []string `json:"found"`
	Missed      []string `json:"missed"`
	MissedExact []string `json:"missed_exact"`
	Hits        int      `json:"technique_hits"`
	ExactHits   int      `json:"exact_hits"`
	PreCompHits int      `json:"pre_compromise_hits"`
	Recall      float64  `json:"technique_recall"`
	ExactRecall float64  `json:"exact_recall"`
	Seconds     float64  `json:"seconds"`
}

// LLMTotals sum the rules+LLM scores over the evaluated simulations.
type LLMTotals struct {
	Analyst         string  `json:"analyst"`
	Calls           int     `json:"calls"`
	Failures        int     `json:"failures"`
	SimsWithFailure int     `json:"simulations_with_failure"`
	Findings        int     `json:"findings"`
	Dropped         int     `json:"dropped_techniques"`
	Hits            int     `json:"technique_hits"`
	ExactHits       int     `json:"exact_hits"`
	Recall          float64 `json:"technique_recall"`
	ExactRecall     float64 `json:"exact_recall"`
	RecallHostOnly  float64 `json:"technique_recall_excluding_pre_compromise"`
	SimsWithHit     int     `json:"simulations_with_hit"`
	Seconds         float64 `json:"seconds"`
}

// PromptEvents picks the events an LLM analyst sees of a window, at most
// max, in time order: the events findings cite first, as the analyst must
// read what the rules saw; then process creations, which carry the command
// lines most intrusions turn on; then process access, remote threads,
// script blocks, new services and scheduled tasks; then the rest.
func PromptEvents(events []*huntflow.Event, findings []huntflow.Finding, max int) []huntflow.EventRef {
	cited := citedEvents(findings)
	var ranks [4][]*huntflow.Event
	for _, e := range events {
		if e != nil {
			r := promptRank(e, cited)
			ranks[r] = append(ranks[r], e)
		}
	}
	picked := make([]*huntflow.Event, 0, min(len(events), max))
	for _, r := range ranks {
		picked = append(picked, r[:min(len(r), max-len(picked))]...)
	}
	slices.SortStableFunc(picked, func(a, b *huntflow.Event) int { return a.Time.Compare(b.Time) })
	refs := make([]huntflow.EventRef, len(picked))
	for i, e := range picked {
		refs[i] = e.Ref()
	}
	return refs
}

func citedEvents(findings []huntflow.Finding) map[string]bool {
	cited := map[string]bool{}
	for _, f := range findings {
		for _, r := range f.Events {
			cited[r.ID] = true
		}
	}
	return cited
}

// promptRank orders events by what they tell an analyst, 0 first.
func promptRank(e *huntflow.Event, cited map[string]bool) int {
	switch {
	case cited[e.ID]:
		return 0
	case isProcessCreation(e):
		return 1
	}
	switch e.EventID {
	case 8, 10, 4104, 4698, 7045:
		return 2
	}
	return 3
}

// promptWeight scores an event for BusiestWindows by its rank.
var promptWeight = [4]int{8, 4, 2, 1}

// BusiestWindows chooses up to n windows of the given length for an LLM
// analyst to review, in time order. Events must be in time order. A span
// that fits in one window is that one window. A longer span is cut into
// windows from its first event and the n windows holding the most telling
// events are chosen: raw volume is mostly background noise (network,
// registry, image loads), so events weigh by PromptEvents' ranks, and the
// periods with the rules' findings and the most process creations win.
func BusiestWindows(events []*huntflow.Event, findings []huntflow.Finding, n int, length time.Duration) []huntflow.Window {
	var first, last *huntflow.Event
	for _, e := range events {
		if e == nil {
			continue
		}
		if first == nil {
			first = e
		}
		last = e
	}
	if first == nil || n <= 0 || length <= 0 {
		return nil
	}
	start := first.Time
	if last.Time.Sub(start) < length {
		return []huntflow.Window{{Start: start, End: last.Time.Add(time.Nanosecond)}}
	}
	cited := citedEvents(findings)
	score := map[int64]int{}
	for _, e := range events {
		if e != nil {
			score[int64(e.Time.Sub(start)/length)] += promptWeight[promptRank(e, cited)]
		}
	}
	buckets := make([]int64, 0, len(score))
	for b := range score {
		buckets = append(buckets, b)
	}
	slices.SortFunc(buckets, func(a, b int64) int { return cmp.Or(cmp.Compare(score[b], score[a]), cmp.Compare(a, b)) })
	buckets = buckets[:min(n, len(buckets))]
	slices.Sort(buckets)
	out := make([]huntflow.Window, len(buckets))
	for i, b := range buckets {
		s := start.Add(time.Duration(b) * length)
		out[i] = huntflow.Window{Start: s, End: s.Add(length)}
	}
	return out
}

// eventsIn returns the events of w, from events in time order (none nil).
func eventsIn(events []*huntflow.Event, w huntflow.Window) []*huntflow.Event {
	lo := sort.Search(len(events), func(i int) bool { return !events[i].Time.Before(w.Start) })
	hi := sort.Search(len(events), func(i int) bool { return !events[i].Time.Before(w.End) })
	return events[lo:max(lo, hi)]
}

// findingsIn returns the findings whose time range meets w.
func findingsIn(fs []huntflow.Finding, w huntflow.Window) []huntflow.Finding {
	var out []huntflow.Finding
	for _, f := range fs {
		last := f.LastSeen
		if last.IsZero() {
			last = f.FirstSeen
		}
		if f.FirstSeen.Before(w.End) && !last.Before(w.Start) {
			out = append(out, f)
		}
	}
	return out
}

// reviewWithLLM asks the LLM to review the busiest windows of a simulation
// and scores the rules' techniques and the LLM's together. A failed call
// is counted and described, never fatal: the rules' result stands. Only a
// cancelled evaluation is an error.
func reviewWithLLM(ctx context.Context, l LLM, events []*huntflow.Event, rules []huntflow.Finding,
	rulesFound, labels []string, pre []bool) (*SimLLM, error) {
	start := time.Now()
	out := &SimLLM{Windows: BusiestWindows(events, rules, l.Windows, l.WindowLength)}
	techs, dropped := map[string]bool{}, map[string]bool{}
	for _, w := range out.Windows {
		evs := eventsIn(events, w)
		fs := findingsIn(rules, w)
		in := huntflow.ClassifyInput{Window: w, Events: PromptEvents(evs, fs, l.MaxEvents), Total: len(evs), Findings: fs}
		out.Calls++
		cls, err := l.Reasoner.Classify(ctx, in)
		if err != nil {
			if cerr := ctx.Err(); cerr != nil {
				return nil, fmt.Errorf("LLM review of window %s: %w", w, cerr)
			}
			out.Failures++
			out.Errors = append(out.Errors, fmt.Sprintf("window %s: %s", w, oneLine(err.Error(), 300)))
			continue
		}
		out.Findings += len(cls.Findings)
		for _, f := range cls.Findings {
			for _, t := range f.Techniques {
				if id, _, ok := l.Catalogue.Validate(t); ok {
					techs[id] = true
				} else {
					// The ID came from the model, which the logs may steer:
					// keep it short and on one line.
					dropped[oneLine(strings.ToUpper(t), 20)] = true
				}
			}
		}
	}
	out.Techniques = slices.Sorted(maps.Keys(techs))
	out.Dropped = slices.Sorted(maps.Keys(dropped))
	all := map[string]bool{}
	for _, t := range rulesFound {
		all[t] = true
	}
	for t := range techs {
		all[t] = true
	}
	out.Found = slices.Sorted(maps.Keys(all))
	t := tallyScore(labels, out.Found, pre)
	out.Hits, out.ExactHits, out.PreCompHits, out.Missed, out.MissedExact = t.hits, t.exactHits, t.preHits, t.missed, t.missedExact
	if n := len(labels); n > 0 {
		out.Recall = float64(out.Hits) / float64(n)
		out.ExactRecall = float64(out.ExactHits) / float64(n)
	}
	out.Seconds = time.Since(start).Seconds()
	return out, nil
}

// oneLine makes an error or model text fit one table line: whitespace and
// control characters collapse to single spaces, and the length is capped.
func oneLine(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	return huntflow.Truncate(strings.Join(strings.Fields(s), " "), n)
}

func llmTotals(results []SimResult, analyst string) *LLMTotals {
	t := &LLMTotals{Analyst: analyst}
	var labelled, pre, preHits int
	for _, r := range results {
		if r.Skipped != "" || r.LLM == nil {
			continue
		}
		l := r.LLM
		labelled += len(r.Labelled)
		pre += r.PreComp
		preHits += l.PreCompHits
		t.Calls += l.Calls
		t.Failures += l.Failures
		if l.Failures > 0 {
			t.SimsWithFailure++
		}
		t.Findings += l.Findings
		t.Dropped += len(l.Dropped)
		t.Hits += l.Hits
		t.ExactHits += l.ExactHits
		if l.Hits > 0 {
			t.SimsWithHit++
		}
		t.Seconds += l.Seconds
	}
	if labelled > 0 {
		t.Recall = float64(t.Hits) / float64(labelled)
		t.ExactRecall = float64(t.ExactHits) / float64(labelled)
	}
	if n := labelled - pre; n > 0 {
		t.RecallHostOnly = float64(t.Hits-preHits) / float64(n)
	}
	return t
}

// isProcessCreation reports a Sysmon 1 or Security 4688 event, the ones
// that carry a command line.
func isProcessCreation(e *huntflow.Event) bool {
	switch e.EventID {
	case 1:
		return strings.Contains(e.Channel, "Sysmon")
	case 4688:
		return strings.EqualFold(e.Channel, "Security")
	}
	return false
}
