package eval

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/detect"
	"github.com/huntflow/huntflow/sigma"
)

// Normalizer turns a raw log line into an event (ingest.Normalize).
type Normalizer func(line []byte) (huntflow.Event, error)

// SimResult is the evaluation of one simulation.
type SimResult struct {
	Name     string   `json:"name"`
	Title    string   `json:"title"`
	Archives []string `json:"archives"`
	// Skipped says why the simulation was not evaluated, e.g. a missing
	// archive.
	Skipped     string   `json:"skipped,omitempty"`
	ReadErrors  []string `json:"read_errors,omitempty"`
	Events      int      `json:"events"`
	BadLines    int      `json:"bad_lines"`
	Labelled    []string `json:"labelled"`
	Found       []string `json:"found"`
	Missed      []string `json:"missed"`
	MissedExact []string `json:"missed_exact"`
	Hits        int      `json:"technique_hits"`
	ExactHits   int      `json:"exact_hits"`
	PreComp     int      `json:"pre_compromise_labels"`
	PreCompHits int      `json:"pre_compromise_hits"`
	Recall      float64  `json:"technique_recall"`
	ExactRecall float64  `json:"exact_recall"`
	// Reported are the distinct techniques (parents: T1003.001 counts as
	// T1003) the findings name; Correct those of them a label has at
	// technique level, Unlabelled the rest. Precision is
	// len(Correct)/len(Reported), 0 when nothing was reported.
	Reported     []string `json:"reported_techniques"`
	Correct      []string `json:"correct_techniques"`
	Unlabelled   []string `json:"unlabelled_techniques"`
	Precision    float64  `json:"technique_precision"`
	F1           float64  `json:"technique_f1"`
	Findings     int      `json:"findings"`
	Per10k       float64  `json:"findings_per_10k"`
	EventsPerSec float64  `json:"events_per_sec"`
	Category     string   `json:"category"`
	Confidence   float64  `json:"confidence"`
	// Rules are the rules (and correlations) that fired, by RuleKey.
	Rules []string `json:"rules_fired"`
	// FindingTitles lists the findings, most severe first, for review.
	FindingTitles []string `json:"finding_titles,omitempty"`
	// LLM scores the rules and the LLM analyst together, when one ran.
	LLM *SimLLM `json:"llm,omitempty"`
}

// Totals sum an evaluation over its simulations. Recall is micro-averaged
// over every labelled technique of the evaluated simulations, precision
// over every technique a simulation's findings reported (distinct per
// simulation, at technique level); F1 is their harmonic mean.
type Totals struct {
	Simulations     int     `json:"simulations"`
	Evaluated       int     `json:"evaluated"`
	Skipped         int     `json:"skipped"`
	Labelled        int     `json:"labelled"`
	Hits            int     `json:"technique_hits"`
	ExactHits       int     `json:"exact_hits"`
	Recall          float64 `json:"technique_recall"`
	ExactRecall     float64 `json:"exact_recall"`
	RecallHostOnly  float64 `json:"technique_recall_excluding_pre_compromise"`
	Reported        int     `json:"reported_techniques"`
	Correct         int     `json:"correct_techniques"`
	Precision       float64 `json:"technique_precision"`
	F1              float64 `json:"technique_f1"`
	SimsWithHit     int     `json:"simulations_with_hit"`
	Events          int     `json:"events"`
	BadLines        int     `json:"bad_lines"`
	Findings        int     `json:"findings"`
	Per10k          float64 `json:"findings_per_10k"`
	EventsPerSec    float64 `json:"events_per_sec"`
	DetectSeconds   float64 `json:"detect_seconds"`
	RulesLoaded     int     `json:"rules_loaded"`
	CorrelationsRun int     `json:"correlations_loaded"`
	// LLM sums the rules+LLM scores, when an LLM analyst ran.
	LLM *LLMTotals `json:"llm,omitempty"`
}

// TechniqueScore is one technique (at technique level) over the evaluated
// simulations: how many were labelled with it, in how many the findings
// named it (Found) or not (Missed), and in how many the findings named it
// without a label for it (Unlabelled, the false positives precision
// counts).
type TechniqueScore struct {
	Technique  string `json:"technique"`
	Labelled   int    `json:"labelled"`
	Found      int    `json:"found"`
	Missed     int    `json:"missed"`
	Unlabelled int    `json:"unlabelled"`
}

// RuleUse is a rule of the evaluated rule set and the simulations it
// fired in.
type RuleUse struct {
	Rule        string   `json:"rule"`
	Title       string   `json:"title"`
	Path        string   `json:"path,omitempty"`
	Simulations []string `json:"simulations,omitempty"`
}

// Report is a whole evaluation.
type Report struct {
	Corpus string `json:"corpus"`
	// LLMAnalyst names the LLM analyst that reviewed the simulations, or
	// says why none did.
	LLMAnalyst  string      `json:"llm_analyst,omitempty"`
	Simulations []SimResult `json:"simulations"`
	Totals      Totals      `json:"totals"`
	// Techniques scores each labelled or reported technique, by ID.
	Techniques []TechniqueScore `json:"techniques"`
	// FiredOnce are the rules that fired in exactly one simulation (the
	// ones most likely fitted to it, or the only witness of a technique);
	// NeverFired the rules that fired in none. Both sorted by rule.
	FiredOnce  []RuleUse `json:"rules_fired_once"`
	NeverFired []RuleUse `json:"rules_never_fired"`
}

// RuleKey names a rule in an evaluation: its ID, else its title (the key
// findings carry in RuleID).
func RuleKey(id, title string) string {
	if id != "" {
		return id
	}
	return title
}

// Evaluate runs the detector over each simulation: all its host archives
// normalised, in time order, as one window covering the whole span.
// Simulations whose archives are missing are reported as skipped.
//
// When llm is not nil, the LLM analyst reviews each simulation after the
// rules; its techniques are scored together with the rules' in a second
// set of results (SimResult.LLM, Totals.LLM), and the rules' own results
// are the same as without it.
func Evaluate(ctx context.Context, d *detect.Detector, corpus string, sims []Simulation, normalize Normalizer, llm *LLM) (Report, error) {
	rep := Report{Corpus: corpus}
	if llm != nil {
		l := llm.withDefaults()
		if err := l.validate(); err != nil {
			return rep, err
		}
		llm = &l
		rep.LLMAnalyst = l.Reasoner.Name()
	}
	var detectTime time.Duration
	for _, sim := range sims {
		if err := ctx.Err(); err != nil {
			return rep, fmt.Errorf("evaluate: %w", err)
		}
		res, took, err := evaluateOne(ctx, d, corpus, sim, normalize, llm)
		if err != nil {
			return rep, err
		}
		detectTime += took
		rep.Simulations = append(rep.Simulations, res)
	}
	rs := d.Rules()
	rep.Totals = totals(rep.Simulations, detectTime)
	rep.Totals.RulesLoaded = len(rs.Rules())
	rep.Totals.CorrelationsRun = len(rs.Correlations())
	rep.Techniques = techniqueScores(rep.Simulations)
	rep.FiredOnce, rep.NeverFired = ruleUses(rs, rep.Simulations)
	if llm != nil {
		rep.Totals.LLM = llmTotals(rep.Simulations, rep.LLMAnalyst)
	}
	return rep, nil
}

func evaluateOne(ctx context.Context, d *detect.Detector, corpus string, sim Simulation, normalize Normalizer, llm *LLM) (SimResult, time.Duration, error) {
	res := SimResult{Name: sim.Name, Title: sim.Title, Archives: sim.Archives}
	var pre []bool
	for _, l := range sim.Labels {
		res.Labelled = append(res.Labelled, l.Technique)
		pre = append(pre, l.PreCompromise())
	}
	if len(sim.Archives) == 0 {
		res.Skipped = "no host archive listed"
		return res, 0, nil
	}
	var missing []string
	for _, a := range sim.Archives {
		if _, err := os.Stat(filepath.Join(corpus, a)); err != nil {
			missing = append(missing, a)
		}
	}
	if len(missing) == len(sim.Archives) {
		res.Skipped = "archive missing: " + strings.Join(missing, ", ")
		return res, 0, nil
	}
	for _, m := range missing {
		res.ReadErrors = append(res.ReadErrors, "missing: "+m)
	}
	var events []*huntflow.Event
	for _, a := range sim.Archives {
		if slices.Contains(missing, a) {
			continue
		}
		err := ReadArchive(filepath.Join(corpus, a), func(line []byte) error {
			ev, err := normalize(line)
			if err != nil {
				res.BadLines++
				return nil
			}
			events = append(events, &ev)
			return nil
		})
		if err != nil {
			res.ReadErrors = append(res.ReadErrors, err.Error())
		}
	}
	res.Events = len(events)
	slices.SortStableFunc(events, func(a, b *huntflow.Event) int { return a.Time.Compare(b.Time) })
	var w huntflow.Window
	if len(events) > 0 {
		w = huntflow.Window{Start: events[0].Time, End: events[len(events)-1].Time.Add(time.Nanosecond)}
	}
	start := time.Now()
	cls, err := d.Detect(ctx, w, events)
	took := time.Since(start)
	if err != nil {
		return res, took, fmt.Errorf("evaluate %s: %w", sim.Name, err)
	}
	if took > 0 {
		res.EventsPerSec = float64(len(events)) / took.Seconds()
	}
	found, rules := map[string]bool{}, map[string]bool{}
	for _, f := range cls.Findings {
		for _, t := range f.Techniques {
			found[strings.ToUpper(t)] = true
		}
		if k := RuleKey(f.RuleID, f.RuleTitle); k != "" && len(f.Detections) == 0 {
			rules[k] = true
		}
		for _, det := range f.Detections {
			rules[RuleKey(det.RuleID, det.Title)] = true
		}
		res.FindingTitles = append(res.FindingTitles, fmt.Sprintf("[%s] %s (%d)", f.Severity, f.Title, f.EventCount))
	}
	res.Found = slices.Sorted(maps.Keys(found))
	res.Rules = slices.Sorted(maps.Keys(rules))
	t := tallyScore(res.Labelled, res.Found, pre)
	res.Hits, res.ExactHits, res.Missed, res.MissedExact = t.hits, t.exactHits, t.missed, t.missedExact
	res.PreComp, res.PreCompHits = t.pre, t.preHits
	if n := len(res.Labelled); n > 0 {
		res.Recall = float64(res.Hits) / float64(n)
		res.ExactRecall = float64(res.ExactHits) / float64(n)
	}
	p := Precision(res.Labelled, res.Found)
	res.Reported, res.Correct, res.Unlabelled = p.Reported, p.Correct, p.Unlabelled
	res.Precision = ratio(len(p.Correct), len(p.Reported))
	res.F1 = F1(res.Precision, res.Recall)
	res.Findings = len(cls.Findings)
	res.Per10k = per10k(res.Findings, res.Events)
	res.Category, res.Confidence = cls.Category, cls.Confidence
	if llm != nil && len(events) > 0 {
		res.LLM, err = reviewWithLLM(ctx, *llm, events, cls.Findings, res.Found, res.Labelled, pre)
		if err != nil {
			return res, took, fmt.Errorf("evaluate %s: %w", sim.Name, err)
		}
	}
	return res, took, nil
}

func per10k(findings, events int) float64 {
	if events == 0 {
		return 0
	}
	return float64(findings) * 10000 / float64(events)
}

// ratio is n/d, or 0 when d is 0.
func ratio(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}

func totals(results []SimResult, detect time.Duration) Totals {
	var t Totals
	t.Simulations = len(results)
	var pre, preHits int
	for _, r := range results {
		if r.Skipped != "" {
			t.Skipped++
			continue
		}
		t.Evaluated++
		t.Labelled += len(r.Labelled)
		t.Hits += r.Hits
		t.ExactHits += r.ExactHits
		pre += r.PreComp
		preHits += r.PreCompHits
		if r.Hits > 0 {
			t.SimsWithHit++
		}
		t.Reported += len(r.Reported)
		t.Correct += len(r.Correct)
		t.Events += r.Events
		t.BadLines += r.BadLines
		t.Findings += r.Findings
	}
	t.Recall = ratio(t.Hits, t.Labelled)
	t.ExactRecall = ratio(t.ExactHits, t.Labelled)
	t.RecallHostOnly = ratio(t.Hits-preHits, t.Labelled-pre)
	t.Precision = ratio(t.Correct, t.Reported)
	t.F1 = F1(t.Precision, t.Recall)
	t.Per10k = per10k(t.Findings, t.Events)
	t.DetectSeconds = detect.Seconds()
	if detect > 0 {
		t.EventsPerSec = float64(t.Events) / detect.Seconds()
	}
	return t
}

// techniqueScores tallies each technique, at technique level, over the
// evaluated simulations.
func techniqueScores(results []SimResult) []TechniqueScore {
	by := map[string]*TechniqueScore{}
	get := func(id string) *TechniqueScore {
		s := by[id]
		if s == nil {
			s = &TechniqueScore{Technique: id}
			by[id] = s
		}
		return s
	}
	for _, r := range results {
		if r.Skipped != "" {
			continue
		}
		reported := map[string]bool{}
		for _, t := range r.Reported {
			reported[t] = true
		}
		labelled := map[string]bool{}
		for _, l := range r.Labelled {
			labelled[detect.ParentTechnique(l)] = true
		}
		for id := range labelled {
			s := get(id)
			s.Labelled++
			if reported[id] {
				s.Found++
			} else {
				s.Missed++
			}
		}
		for _, id := range r.Unlabelled {
			get(id).Unlabelled++
		}
	}
	out := make([]TechniqueScore, 0, len(by))
	for _, s := range by {
		out = append(out, *s)
	}
	slices.SortFunc(out, func(a, b TechniqueScore) int { return cmp.Compare(a.Technique, b.Technique) })
	return out
}

// ruleUses lists the rules and correlations of rs that fired in exactly
// one evaluated simulation, and those that fired in none.
func ruleUses(rs *sigma.RuleSet, results []SimResult) (once, never []RuleUse) {
	sims := map[string][]string{}
	for _, r := range results {
		for _, k := range r.Rules {
			sims[k] = append(sims[k], r.Name)
		}
	}
	var all []RuleUse
	for _, r := range rs.Rules() {
		all = append(all, RuleUse{Rule: RuleKey(r.ID, r.Title), Title: r.Title, Path: r.Path})
	}
	for _, c := range rs.Correlations() {
		all = append(all, RuleUse{Rule: RuleKey(c.ID, c.Title), Title: c.Title, Path: c.Path})
	}
	seen := map[string]bool{}
	for _, u := range all {
		if seen[u.Rule] {
			continue
		}
		seen[u.Rule] = true
		switch s := sims[u.Rule]; len(s) {
		case 0:
			never = append(never, u)
		case 1:
			u.Simulations = s
			once = append(once, u)
		}
	}
	byRule := func(a, b RuleUse) int { return cmp.Compare(a.Rule, b.Rule) }
	slices.SortStableFunc(once, byRule)
	slices.SortStableFunc(never, byRule)
	return once, never
}
