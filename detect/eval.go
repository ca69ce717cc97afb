package detect

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/huntflow/huntflow"
)

// Simulation is one labelled attack simulation of an evaluation corpus: a
// metadata/*.yaml file in the OTRF Security-Datasets layout.
type Simulation struct {
	// Name is the metadata file name without extension.
	Name  string `json:"name"`
	Title string `json:"title"`
	// Labels are the labelled ATT&CK techniques, e.g. T1003.001.
	Labels []Label `json:"labels"`
	// Archives are the host log archives, relative to the corpus folder.
	Archives []string `json:"archives"`
}

// Label is one ground-truth technique of a simulation.
type Label struct {
	Technique string   `json:"technique"`
	Tactics   []string `json:"tactics,omitempty"`
}

// PreCompromise reports whether the label belongs only to tactics that
// happen before the adversary touches the host (resource development,
// reconnaissance) and so cannot be seen in host logs.
func (l Label) PreCompromise() bool {
	if len(l.Tactics) == 0 {
		return false
	}
	for _, t := range l.Tactics {
		if t != "TA0042" && t != "TA0043" {
			return false
		}
	}
	return true
}

type metadataFile struct {
	Title          string `yaml:"title"`
	AttackMappings []struct {
		Technique    string   `yaml:"technique"`
		SubTechnique any      `yaml:"sub-technique"`
		Tactics      []string `yaml:"tactics"`
	} `yaml:"attack_mappings"`
	Files []struct {
		Type string `yaml:"type"`
		Link string `yaml:"link"`
	} `yaml:"files"`
}

// LoadCorpus reads the simulations described by dir/metadata/*.yaml, sorted
// by name.
func LoadCorpus(dir string) ([]Simulation, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "metadata", "*.yaml"))
	if err != nil {
		return nil, fmt.Errorf("list metadata in %s: %w", dir, err)
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("no metadata/*.yaml under %s", dir)
	}
	sort.Strings(paths)
	sims := make([]Simulation, 0, len(paths))
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("read simulation metadata: %w", err)
		}
		sim, err := ParseSimulation(strings.TrimSuffix(filepath.Base(p), filepath.Ext(p)), data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		sims = append(sims, sim)
	}
	return sims, nil
}

// ParseSimulation reads one metadata document.
func ParseSimulation(name string, data []byte) (Simulation, error) {
	var m metadataFile
	if err := yaml.Unmarshal(data, &m); err != nil {
		return Simulation{}, fmt.Errorf("parse simulation metadata: %w", err)
	}
	sim := Simulation{Name: name, Title: m.Title}
	for _, am := range m.AttackMappings {
		id := strings.ToUpper(strings.TrimSpace(am.Technique))
		if id == "" {
			continue
		}
		if sub := subTechnique(am.SubTechnique); sub != "" {
			id += "." + sub
		}
		sim.Labels = append(sim.Labels, Label{Technique: id, Tactics: am.Tactics})
	}
	for _, f := range m.Files {
		if !strings.EqualFold(f.Type, "host") {
			continue
		}
		_, rel, ok := strings.Cut(f.Link, "/master/")
		if !ok || rel == "" {
			continue
		}
		// The link names a file inside the corpus; refuse anything that
		// would step outside it.
		rel = filepath.FromSlash(rel)
		if !filepath.IsLocal(rel) {
			return Simulation{}, fmt.Errorf("host archive %q is outside the corpus", f.Link)
		}
		sim.Archives = append(sim.Archives, rel)
	}
	return sim, nil
}

// subTechnique renders the sub-technique field, which YAML may give as
// "001", 1 or null.
func subTechnique(v any) string {
	switch s := v.(type) {
	case nil:
		return ""
	case string:
		return strings.TrimSpace(s)
	case int:
		return fmt.Sprintf("%03d", s)
	}
	return strings.TrimSpace(fmt.Sprint(v))
}

// ParentTechnique cuts a sub-technique to its technique: T1003.001 → T1003.
func ParentTechnique(id string) string {
	id, _, _ = strings.Cut(strings.ToUpper(id), ".")
	return id
}

// Score compares labelled techniques with found ones. A label is found at
// technique level when any found technique has the same parent technique
// (T1003 and T1003.001 match each other), and exactly when the same ID was
// found.
func Score(labels []string, found []string) (technique, exact []bool) {
	parents := map[string]bool{}
	ids := map[string]bool{}
	for _, f := range found {
		ids[strings.ToUpper(f)] = true
		parents[ParentTechnique(f)] = true
	}
	technique = make([]bool, len(labels))
	exact = make([]bool, len(labels))
	for i, l := range labels {
		technique[i] = parents[ParentTechnique(l)]
		exact[i] = ids[strings.ToUpper(l)]
	}
	return technique, exact
}

// ReadArchive calls fn for each line of a JSON-lines log in a .zip, .tar.gz
// or plain file. Lines fn has seen stay seen when the archive turns out to
// be truncated: the error then reports how far reading got.
func ReadArchive(path string, fn func(line []byte) error) error {
	lower := strings.ToLower(path)
	switch {
	case strings.HasSuffix(lower, ".zip"):
		zr, err := zip.OpenReader(path)
		if err != nil {
			return fmt.Errorf("open %s: %w", path, err)
		}
		defer zr.Close()
		for _, f := range zr.File {
			if f.FileInfo().IsDir() || strings.HasPrefix(f.Name, "__MACOSX/") || strings.HasPrefix(filepath.Base(f.Name), "._") {
				continue
			}
			rc, err := f.Open()
			if err != nil {
				return fmt.Errorf("open %s in %s: %w", f.Name, path, err)
			}
			err = readLines(rc, fn)
			rc.Close()
			if err != nil {
				return fmt.Errorf("read %s in %s: %w", f.Name, path, err)
			}
		}
		return nil
	case strings.HasSuffix(lower, ".tar.gz"), strings.HasSuffix(lower, ".tgz"):
		file, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("open %s: %w", path, err)
		}
		defer file.Close()
		gz, err := gzip.NewReader(bufio.NewReaderSize(file, 1<<20))
		if err != nil {
			return fmt.Errorf("open %s: %w", path, err)
		}
		tr := tar.NewReader(gz)
		for {
			h, err := tr.Next()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return fmt.Errorf("read %s: %w", path, err)
			}
			if h.Typeflag != tar.TypeReg || strings.HasPrefix(filepath.Base(h.Name), "._") {
				continue
			}
			if err := readLines(tr, fn); err != nil {
				return fmt.Errorf("read %s in %s: %w", h.Name, path, err)
			}
		}
	default:
		file, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("open %s: %w", path, err)
		}
		defer file.Close()
		if err := readLines(file, fn); err != nil {
			return fmt.Errorf("read %s: %w", path, err)
		}
		return nil
	}
}

// maxLine caps one log line; no Windows event comes near it.
const maxLine = 16 << 20

func readLines(r io.Reader, fn func([]byte) error) error {
	br := bufio.NewReaderSize(r, 256<<10)
	var long []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			if len(long)+len(chunk) <= maxLine {
				long = append(long, chunk...)
			}
			continue
		}
		line := chunk
		if long != nil {
			line = append(long, chunk...)
			long = nil
		}
		if line = bytes.TrimSpace(line); len(line) > 0 && len(line) < maxLine {
			if ferr := fn(line); ferr != nil {
				return ferr
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// Normalizer turns a raw log line into an event (ingest.Normalize).
type Normalizer func(line []byte) (huntflow.Event, error)

// SimResult is the evaluation of one simulation.
type SimResult struct {
	Name     string   `json:"name"`
	Title    string   `json:"title"`
	Archives []string `json:"archives"`
	// Skipped says why the simulation was not evaluated, e.g. a missing
	// archive.
	Skipped      string   `json:"skipped,omitempty"`
	ReadErrors   []string `json:"read_errors,omitempty"`
	Events       int      `json:"events"`
	BadLines     int      `json:"bad_lines"`
	Labelled     []string `json:"labelled"`
	Found        []string `json:"found"`
	Missed       []string `json:"missed"`
	MissedExact  []string `json:"missed_exact"`
	Hits         int      `json:"technique_hits"`
	ExactHits    int      `json:"exact_hits"`
	PreComp      int      `json:"pre_compromise_labels"`
	PreCompHits  int      `json:"pre_compromise_hits"`
	Recall       float64  `json:"technique_recall"`
	ExactRecall  float64  `json:"exact_recall"`
	Findings     int      `json:"findings"`
	Per10k       float64  `json:"findings_per_10k"`
	EventsPerSec float64  `json:"events_per_sec"`
	Category     string   `json:"category"`
	Confidence   float64  `json:"confidence"`
	// FindingTitles lists the findings, most severe first, for review.
	FindingTitles []string `json:"finding_titles,omitempty"`
	// LLM scores the rules and the LLM analyst together, when one ran.
	LLM *SimLLM `json:"llm,omitempty"`
}

// Totals sum an evaluation over its simulations. Recall is micro-averaged
// over every labelled technique of the evaluated simulations.
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

// Report is a whole evaluation.
type Report struct {
	Corpus string `json:"corpus"`
	// LLMAnalyst names the LLM analyst that reviewed the simulations, or
	// says why none did.
	LLMAnalyst  string      `json:"llm_analyst,omitempty"`
	Simulations []SimResult `json:"simulations"`
	Totals      Totals      `json:"totals"`
}

// Evaluate runs the detector over each simulation: all its host archives
// normalised, in time order, as one window covering the whole span.
// Simulations whose archives are missing are reported as skipped.
func Evaluate(ctx context.Context, d *Detector, corpus string, sims []Simulation, normalize Normalizer) (Report, error) {
	return EvaluateWith(ctx, d, corpus, sims, normalize, nil)
}

// EvaluateWith is Evaluate with, when llm is not nil, the LLM analyst
// reviewing each simulation after the rules; its techniques are scored
// together with the rules' in a second set of results (SimResult.LLM,
// Totals.LLM), and the rules' own results are the same as without it.
func EvaluateWith(ctx context.Context, d *Detector, corpus string, sims []Simulation, normalize Normalizer, llm *LLMEval) (Report, error) {
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
	rep.Totals = totals(rep.Simulations, detectTime)
	rep.Totals.RulesLoaded = len(d.rules.Rules())
	rep.Totals.CorrelationsRun = len(d.rules.Correlations())
	if llm != nil {
		rep.Totals.LLM = llmTotals(rep.Simulations, rep.LLMAnalyst)
	}
	return rep, nil
}

func evaluateOne(ctx context.Context, d *Detector, corpus string, sim Simulation, normalize Normalizer, llm *LLMEval) (SimResult, time.Duration, error) {
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
	found := map[string]bool{}
	for _, f := range cls.Findings {
		for _, t := range f.Techniques {
			found[t] = true
		}
		res.FindingTitles = append(res.FindingTitles, fmt.Sprintf("[%s] %s (%d)", f.Severity, f.Title, f.EventCount))
	}
	for t := range found {
		res.Found = append(res.Found, t)
	}
	sort.Strings(res.Found)
	t := tallyScore(res.Labelled, res.Found, pre)
	res.Hits, res.ExactHits, res.Missed, res.MissedExact = t.hits, t.exactHits, t.missed, t.missedExact
	res.PreComp, res.PreCompHits = t.pre, t.preHits
	if n := len(res.Labelled); n > 0 {
		res.Recall = float64(res.Hits) / float64(n)
		res.ExactRecall = float64(res.ExactHits) / float64(n)
	}
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
		t.Events += r.Events
		t.BadLines += r.BadLines
		t.Findings += r.Findings
	}
	if t.Labelled > 0 {
		t.Recall = float64(t.Hits) / float64(t.Labelled)
		t.ExactRecall = float64(t.ExactHits) / float64(t.Labelled)
	}
	if n := t.Labelled - pre; n > 0 {
		t.RecallHostOnly = float64(t.Hits-preHits) / float64(n)
	}
	t.Per10k = per10k(t.Findings, t.Events)
	t.DetectSeconds = detect.Seconds()
	if detect > 0 {
		t.EventsPerSec = float64(t.Events) / detect.Seconds()
	}
	return t
}

// WriteTable prints the report as a fixed-width table. When an LLM analyst
// ran, each row gains the rules+LLM columns (found, recall, exact, LLM
// calls, failed calls) and the totals a rules+LLM section, with every
// failed call listed by simulation.
func (r Report) WriteTable(w io.Writer) error {
	var b bytes.Buffer
	withLLM := r.Totals.LLM != nil
	llmHead, llmRow := "", func(SimResult) string { return "" }
	if withLLM {
		llmHead = fmt.Sprintf(" | %5s %6s %6s %5s %4s", "+llm", "recall", "exact", "calls", "fail")
		llmRow = func(s SimResult) string {
			if s.LLM == nil {
				return fmt.Sprintf(" | %5s %6s %6s %5d %4d", "-", "-", "-", 0, 0)
			}
			l := s.LLM
			return fmt.Sprintf(" | %5d %6.2f %6.2f %5d %4d", len(l.Found), l.Recall, l.ExactRecall, l.Calls, l.Failures)
		}
	}
	fmt.Fprintf(&b, "%-24s %7s %5s %5s %6s %6s %8s %9s%s  %s\n", "simulation", "events", "label", "found", "recall", "exact", "find/10k", "events/s", llmHead, "missed")
	for _, s := range r.Simulations {
		if s.Skipped != "" {
			fmt.Fprintf(&b, "%-24s skipped: %s\n", s.Name, s.Skipped)
			continue
		}
		fmt.Fprintf(&b, "%-24s %7d %5d %5d %6.2f %6.2f %8.1f %9.0f%s  %s\n", s.Name, s.Events, len(s.Labelled), len(s.Found),
			s.Recall, s.ExactRecall, s.Per10k, s.EventsPerSec, llmRow(s), strings.Join(s.Missed, " "))
	}
	t := r.Totals
	fmt.Fprintf(&b, "\nsimulations: %d evaluated, %d skipped, %d with a correct technique\n", t.Evaluated, t.Skipped, t.SimsWithHit)
	fmt.Fprintf(&b, "technique recall: %.3f (%d/%d); exact sub-technique recall: %.3f (%d/%d)\n", t.Recall, t.Hits, t.Labelled, t.ExactRecall, t.ExactHits, t.Labelled)
	fmt.Fprintf(&b, "technique recall excluding pre-compromise (TA0042/TA0043) labels: %.3f\n", t.RecallHostOnly)
	fmt.Fprintf(&b, "events: %d (%d bad lines); findings: %d (%.1f per 10,000 events); detection %.0f events/s; rules %d, correlations %d\n",
		t.Events, t.BadLines, t.Findings, t.Per10k, t.EventsPerSec, t.RulesLoaded, t.CorrelationsRun)
	if withLLM {
		l := t.LLM
		fmt.Fprintf(&b, "\nrules+LLM (%s): %d simulations with a correct technique\n", l.Analyst, l.SimsWithHit)
		fmt.Fprintf(&b, "rules+LLM technique recall: %.3f (%d/%d); exact sub-technique recall: %.3f (%d/%d); excluding pre-compromise: %.3f\n",
			l.Recall, l.Hits, t.Labelled, l.ExactRecall, l.ExactHits, t.Labelled, l.RecallHostOnly)
		fmt.Fprintf(&b, "LLM: %d calls, %d failed (in %d simulations); %d findings; %d technique ID(s) dropped by ATT&CK validation; %.1f s\n",
			l.Calls, l.Failures, l.SimsWithFailure, l.Findings, l.Dropped, l.Seconds)
		for _, s := range r.Simulations {
			if s.LLM == nil {
				continue
			}
			if len(s.LLM.Dropped) > 0 {
				fmt.Fprintf(&b, "  %s: dropped %s\n", s.Name, strings.Join(s.LLM.Dropped, " "))
			}
			for _, e := range s.LLM.Errors {
				fmt.Fprintf(&b, "  %s: LLM failed: %s\n", s.Name, e)
			}
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

// tally counts how many labels a set of found techniques covers, at
// technique and at exact level, and how many of the covered labels are
// pre-compromise (pre[i] says whether label i is).
type tally struct {
	hits, exactHits, pre, preHits int
	missed, missedExact           []string
}

func tallyScore(labels, found []string, pre []bool) tally {
	var t tally
	tech, exact := Score(labels, found)
	for i, l := range labels {
		if tech[i] {
			t.hits++
		} else {
			t.missed = append(t.missed, l)
		}
		if exact[i] {
			t.exactHits++
		} else {
			t.missedExact = append(t.missedExact, l)
		}
		if pre[i] {
			t.pre++
			if tech[i] {
				t.preHits++
			}
		}
	}
	return t
}
