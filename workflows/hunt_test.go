package workflows

import (
	"context"
	"errors"
	"fmt"
	sdkpb "go.temporal.io/api/sdk/v1"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/activities"
)

var t0 = time.Date(2020, 5, 1, 23, 22, 0, 0, time.UTC)

// fakeHunt scripts the activities of a hunt: the confidence each window
// yields, and records what the workflow asked for.
type fakeHunt struct {
	mu          sync.Mutex
	confidences []float64 // per window; the last repeats
	windows     []huntflow.Window
	classifies  int
	failFirst   bool
	llm         bool
	noSA        bool // the namespace lacks the search attributes
	llmErr      error
	llmBenign   bool // the LLM answers "benign, confidence 0.95" with no findings
	llmNotes    []string
	llmUsage    int  // prompt tokens each LLM step reports
	llmHang     bool // ReasonWindow never answers
	policy      activities.LLMPolicy
	reasons     int
	maps        []activities.MapInput
	proses      int
	reports     []activities.ReportInput
	clocks      []huntflow.HostClock
	noEvents    bool
}

func (f *fakeHunt) register(env *testsuite.TestWorkflowEnvironment) {
	var a *activities.Activities
	env.RegisterActivity(a)
	env.OnActivity(a.Describe, mock.Anything, mock.Anything).Return(func(ctx context.Context, host string) (activities.Setup, error) {
		return activities.Setup{Analyst: "rules", LLM: f.llm, SearchAttributes: !f.noSA, StoreStats: huntflow.Stats{Events: 100}, Clocks: f.clocks, LLMPolicy: f.policy}, nil
	})
	env.OnActivity(a.FetchWindow, mock.Anything, mock.Anything).Return(func(ctx context.Context, in activities.WindowInput) (activities.WindowSummary, error) {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.windows = append(f.windows, in.Window)
		if f.noEvents {
			return activities.WindowSummary{Window: in.Window}, nil
		}
		return activities.WindowSummary{Window: in.Window, Events: 10}, nil
	})
	env.OnActivity(a.ClassifyWindow, mock.Anything, mock.Anything).Return(func(ctx context.Context, in activities.WindowInput) (huntflow.Classification, error) {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.classifies++
		if f.failFirst && f.classifies == 1 {
			return huntflow.Classification{}, errors.New("store unavailable")
		}
		i := len(f.windows) - 1
		c := f.confidences[min(i, len(f.confidences)-1)]
		cls := huntflow.Classification{Window: in.Window, EventsScanned: 10, Confidence: c, Category: "benign", Analyst: "rules"}
		if c > 0 {
			cls.Category = "credential-access"
			cls.Findings = []huntflow.Finding{{
				ID: "f-lsass", Title: "LSASS access", Severity: huntflow.SeverityHigh, Confidence: c, Source: "sigma",
				Techniques: []string{"T1003.001"}, Host: "wks1", FirstSeen: in.Window.Start, LastSeen: in.Window.Start,
				Events: []huntflow.EventRef{{ID: "e" + in.Window.Start.Format("150405"), Time: in.Window.Start, Host: "wks1", EventID: 10}}, EventCount: 1,
			}}
		}
		return cls, nil
	})
	env.OnActivity(a.ReasonWindow, mock.Anything, mock.Anything).Return(func(ctx context.Context, in activities.ReasonInput) (huntflow.Classification, error) {
		f.mu.Lock()
		f.reasons++
		f.mu.Unlock()
		if f.llmHang {
			<-ctx.Done()
			return huntflow.Classification{}, ctx.Err()
		}
		if f.llmErr != nil {
			return huntflow.Classification{}, f.llmErr
		}
		if f.llmBenign {
			return huntflow.Classification{Window: in.Window, Confidence: 0.95, Category: "benign", Analyst: "llm:test"}, nil
		}
		return huntflow.Classification{Window: in.Window, Confidence: 0.1, Category: "benign", Analyst: "llm:test", Notes: f.llmNotes,
			Usage:    &huntflow.LLMUsage{Calls: 1, PromptTokens: f.llmUsage, CompletionTokens: 1},
			Findings: []huntflow.Finding{{ID: "f-llm", Title: "odd", Severity: huntflow.SeverityLow, Source: "llm", FirstSeen: in.Window.Start, LastSeen: in.Window.Start}}}, nil
	})
	env.OnActivity(a.WriteProse, mock.Anything, mock.Anything).Return(func(ctx context.Context, in activities.ReportInput) (activities.ProseDraft, error) {
		f.mu.Lock()
		f.proses++
		f.mu.Unlock()
		return activities.ProseDraft{Prose: &huntflow.ReportProse{Author: "llm:test", ExecutiveSummary: []huntflow.Paragraph{{Text: "prose", Findings: []string{"f-lsass"}}}},
			Usage: huntflow.LLMUsage{Calls: 1, PromptTokens: f.llmUsage, CompletionTokens: 1}, Notes: []string{"prose note"}}, nil
	})
	env.OnActivity(a.MapTechniques, mock.Anything, mock.Anything).Return(func(ctx context.Context, in activities.MapInput) (activities.MapResult, error) {
		f.mu.Lock()
		f.maps = append(f.maps, in)
		f.mu.Unlock()
		var hits []huntflow.TechniqueHit
		for _, f := range in.Findings {
			if len(f.Events) > 3 || (len(f.Events) != 0 && !in.UseLLM) {
				return activities.MapResult{}, errors.New("map input carries more events than the LLM's evidence needs")
			}
			for _, t := range f.Techniques {
				hits = append(hits, huntflow.TechniqueHit{ID: t, Name: "LSASS Memory", Severity: f.Severity, Findings: []string{f.ID}, Source: "rule"})
			}
		}
		res := activities.MapResult{Techniques: hits}
		if in.UseLLM {
			res.Usage = &huntflow.LLMUsage{Calls: 1, PromptTokens: f.llmUsage, CompletionTokens: 1}
		}
		return res, nil
	})
	env.OnActivity(a.EnrichFindings, mock.Anything, mock.Anything).Return(func(ctx context.Context, in activities.EnrichInput) ([]huntflow.Enrichment, error) {
		var out []huntflow.Enrichment
		for _, fd := range in.Findings {
			if fd.Host != in.Host {
				return nil, errors.New("finding grouped under the wrong host")
			}
			out = append(out, huntflow.Enrichment{FindingID: fd.ID, Host: fd.Host, HostEvents: 42})
		}
		return out, nil
	})
	env.OnActivity(a.WriteReport, mock.Anything, mock.Anything).Return(func(ctx context.Context, in activities.ReportInput) (activities.ReportDraft, error) {
		f.mu.Lock()
		f.reports = append(f.reports, in)
		f.mu.Unlock()
		return activities.ReportDraft{Markdown: "# report", Author: "templates"}, nil
	})
	env.OnActivity(a.SaveReport, mock.Anything, mock.Anything).Return(func(ctx context.Context, in activities.SaveInput) (activities.Saved, error) {
		return activities.Saved{ReportPath: "/r/" + in.Result.HuntID + "/report.md"}, nil
	})
}

func newEnv() *testsuite.TestWorkflowEnvironment {
	var s testsuite.WorkflowTestSuite
	s.SetLogger(log.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	return s.NewTestWorkflowEnvironment()
}

func runHunt(t *testing.T, f *fakeHunt, req huntflow.HuntRequest) (*testsuite.TestWorkflowEnvironment, huntflow.HuntResult, error) {
	t.Helper()
	env := newEnv()
	f.register(env)
	env.ExecuteWorkflow(HuntWorkflow, req)
	if !env.IsWorkflowCompleted() {
		t.Fatal("workflow did not complete")
	}
	var res huntflow.HuntResult
	err := env.GetWorkflowError()
	if err == nil {
		if err := env.GetWorkflowResult(&res); err != nil {
			t.Fatal(err)
		}
	}
	return env, res, err
}

func TestConfidenceLoop(t *testing.T) {
	tests := []struct {
		name        string
		confidences []float64
		maxIter     int
		threshold   float64
		wantIter    int
		wantStopped string
	}{
		{"stops at threshold on first window", []float64{0.9}, 5, 0.5, 1, "threshold"},
		{"widens until threshold", []float64{0, 0.2, 0.8}, 5, 0.5, 3, "threshold"},
		{"stops at max iterations", []float64{0, 0.3}, 4, 0.5, 4, "max-iterations"},
		{"threshold is inclusive", []float64{0.5}, 5, 0.5, 1, "threshold"},
		{"custom threshold", []float64{0.6, 0.7, 0.95}, 5, 0.9, 3, "threshold"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeHunt{confidences: tt.confidences}
			req := huntflow.HuntRequest{Start: t0, Window: 5 * time.Minute, MaxIterations: tt.maxIter, Threshold: tt.threshold}
			_, res, err := runHunt(t, f, req)
			if err != nil {
				t.Fatal(err)
			}
			if res.Iterations != tt.wantIter || len(f.windows) != tt.wantIter || res.Stopped != tt.wantStopped {
				t.Fatalf("iterations = %d (windows fetched %d), stopped %q; want %d, %q", res.Iterations, len(f.windows), res.Stopped, tt.wantIter, tt.wantStopped)
			}
			if len(res.Windows) != tt.wantIter {
				t.Fatalf("result lists %d windows, want %d", len(res.Windows), tt.wantIter)
			}
		})
	}
}

func TestWindowsAreContiguous(t *testing.T) {
	f := &fakeHunt{confidences: []float64{0}}
	req := huntflow.HuntRequest{Start: time.Date(2020, 5, 1, 19, 22, 0, 0, time.FixedZone("EDT", -4*3600)), Window: 7 * time.Minute, MaxIterations: 5, Threshold: 0.5}
	_, _, err := runHunt(t, f, req)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.windows) != 5 {
		t.Fatalf("fetched %d windows, want 5", len(f.windows))
	}
	if !f.windows[0].Start.Equal(t0) || f.windows[0].Start.Location() != time.UTC {
		t.Fatalf("first window starts at %v, want %v in UTC", f.windows[0].Start, t0)
	}
	for i, w := range f.windows {
		if w.End.Sub(w.Start) != 7*time.Minute {
			t.Errorf("window %d is %s long, want 7m", i, w.End.Sub(w.Start))
		}
		if i > 0 && !w.Start.Equal(f.windows[i-1].End) {
			t.Errorf("window %d starts at %v, previous ended at %v: gap or overlap", i, w.Start, f.windows[i-1].End)
		}
	}
}

func TestFindingsMergeAcrossWindowsAndReport(t *testing.T) {
	f := &fakeHunt{confidences: []float64{0.3}}
	env, res, err := runHunt(t, f, huntflow.HuntRequest{Start: t0, MaxIterations: 3})
	if err != nil {
		t.Fatal(err)
	}
	// The same finding ID in three windows is one finding with three events.
	if len(res.Findings) != 1 || res.Findings[0].EventCount != 3 || len(res.Findings[0].Events) != 3 {
		t.Fatalf("findings = %+v, want one merged finding with 3 events", res.Findings)
	}
	if !res.Findings[0].FirstSeen.Equal(t0) || !res.Findings[0].LastSeen.Equal(t0.Add(10*time.Minute)) {
		t.Fatalf("merged finding spans %v..%v", res.Findings[0].FirstSeen, res.Findings[0].LastSeen)
	}
	if res.Category != "credential-access" || res.ThreatLevel < huntflow.SeverityHigh {
		t.Fatalf("category %q threat %s", res.Category, res.ThreatLevel)
	}
	if len(res.Techniques) != 1 || res.Techniques[0].ID != "T1003.001" {
		t.Fatalf("techniques = %+v", res.Techniques)
	}
	if len(res.Enrichments) != 1 || res.Enrichments[0].HostEvents != 42 {
		t.Fatalf("enrichments = %+v", res.Enrichments)
	}
	if !strings.HasSuffix(res.ReportPath, "/report.md") {
		t.Fatalf("report path %q", res.ReportPath)
	}
	if len(f.reports) != 1 || len(f.reports[0].Result.Findings) != 1 {
		t.Fatalf("report written from %d results", len(f.reports))
	}
	v, err := env.QueryWorkflow(ProgressQuery)
	if err != nil {
		t.Fatal(err)
	}
	var p Progress
	if err := v.Get(&p); err != nil {
		t.Fatal(err)
	}
	if p.Stage != StageDone || p.Iteration != 3 || p.Findings != 1 || p.Techniques != 1 || p.Enriched != 1 {
		t.Fatalf("progress = %+v", p)
	}
}

func TestFailingActivityIsRetried(t *testing.T) {
	f := &fakeHunt{confidences: []float64{0.9}, failFirst: true}
	_, res, err := runHunt(t, f, huntflow.HuntRequest{Start: t0})
	if err != nil {
		t.Fatalf("hunt failed although the store came back: %v", err)
	}
	if f.classifies != 2 || res.Iterations != 1 {
		t.Fatalf("classify ran %d times, %d iterations; want 2 runs of one window", f.classifies, res.Iterations)
	}
}

func TestNonRetryableFailsHunt(t *testing.T) {
	env := newEnv()
	var a *activities.Activities
	env.RegisterActivity(a)
	calls := 0
	env.OnActivity(a.Describe, mock.Anything, mock.Anything).Return(func(ctx context.Context, host string) (activities.Setup, error) {
		calls++
		return activities.Setup{}, temporal.NewNonRetryableApplicationError("the log store holds no events: run ingest first", activities.ErrEmptyStore, nil)
	})
	env.ExecuteWorkflow(HuntWorkflow, huntflow.HuntRequest{Start: t0})
	err := env.GetWorkflowError()
	if err == nil {
		t.Fatal("hunt over an empty store succeeded")
	}
	if !hasAppError(err, activities.ErrEmptyStore) || !strings.Contains(err.Error(), "run ingest first") {
		t.Fatalf("error = %v, want EmptyStore application error", err)
	}
	if calls != 1 {
		t.Fatalf("non-retryable activity ran %d times, want 1", calls)
	}
}

func TestBadRequestFailsAtOnce(t *testing.T) {
	env := newEnv()
	env.RegisterActivity(&activities.Activities{})
	env.ExecuteWorkflow(HuntWorkflow, huntflow.HuntRequest{Start: t0, Threshold: 3})
	if err := env.GetWorkflowError(); !hasAppError(err, activities.ErrBadInput) {
		t.Fatalf("error = %v, want BadInput", err)
	}
}

func TestLLMAddsButNeverRemoves(t *testing.T) {
	f := &fakeHunt{confidences: []float64{0.9}, llm: true}
	_, res, err := runHunt(t, f, huntflow.HuntRequest{Start: t0})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, f := range res.Findings {
		ids[f.ID] = true
	}
	if !ids["f-lsass"] || !ids["f-llm"] {
		t.Fatalf("findings %v: want the rule's and the LLM's", ids)
	}
	// The LLM said benign with low confidence: the rules' verdict stands.
	if res.Category != "credential-access" || res.Confidence != 0.9 {
		t.Fatalf("category %q confidence %v", res.Category, res.Confidence)
	}
}

func TestLLMFailureIsNotedNotFatal(t *testing.T) {
	f := &fakeHunt{confidences: []float64{0.9}, llm: true,
		llmErr: temporal.NewNonRetryableApplicationError("llm classify: reply did not parse", activities.ErrLLMPermanent, nil)}
	_, res, err := runHunt(t, f, huntflow.HuntRequest{Start: t0})
	if err != nil {
		t.Fatalf("hunt failed on an LLM failure: %v", err)
	}
	if len(res.Findings) != 1 || res.Findings[0].ID != "f-lsass" {
		t.Fatalf("findings %+v", res.Findings)
	}
	noted := false
	for _, n := range res.Notes {
		noted = noted || strings.Contains(n, "LLM review") && strings.Contains(n, "did not parse")
	}
	if !noted {
		t.Fatalf("notes %q do not record the LLM failure", res.Notes)
	}
}

func TestScheduledHuntUsesLookback(t *testing.T) {
	env := newEnv()
	start := time.Date(2024, 1, 2, 3, 0, 0, 0, time.UTC)
	env.SetStartTime(start)
	f := &fakeHunt{confidences: []float64{0.9}}
	f.register(env)
	env.ExecuteWorkflow(HuntWorkflow, huntflow.HuntRequest{Lookback: time.Hour})
	if err := env.GetWorkflowError(); err != nil {
		t.Fatal(err)
	}
	if len(f.windows) == 0 || !f.windows[0].Start.Equal(start.Add(-time.Hour)) {
		t.Fatalf("windows %v: want the first to start an hour before %v", f.windows, start)
	}
}

// hasAppError reports whether an application error of the given type is
// anywhere in err's chain (the workflow wraps activity errors with context).
func hasAppError(err error, typ string) bool {
	for err != nil {
		var appErr *temporal.ApplicationError
		if !errors.As(err, &appErr) {
			return false
		}
		if appErr.Type() == typ {
			return true
		}
		err = appErr.Unwrap()
	}
	return false
}

func TestFitResultKeepsPayloadsSmall(t *testing.T) {
	long := strings.Repeat("x", 500)
	var res huntflow.HuntResult
	for i := 0; i < 100; i++ {
		f := huntflow.Finding{ID: fmt.Sprint("f", i), Severity: huntflow.SeverityHigh, CommandLine: long, Description: long, EventCount: 10}
		for j := 0; j < huntflow.MaxFindingEvents; j++ {
			f.Events = append(f.Events, huntflow.EventRef{ID: fmt.Sprint(i, "-", j), CommandLine: long})
		}
		res.Findings = append(res.Findings, f)
		en := huntflow.Enrichment{FindingID: f.ID, HostEvents: 1000}
		for j := 0; j < 10; j++ {
			en.Process = append(en.Process, huntflow.EventRef{ID: fmt.Sprint("p", j), CommandLine: long})
			en.HostSample = append(en.HostSample, huntflow.EventRef{ID: fmt.Sprint("h", j), CommandLine: long})
		}
		res.Enrichments = append(res.Enrichments, en)
	}
	fitResult(&res, maxResultBytes)
	if n := huntflow.JSONSize(res); n > maxResultBytes {
		t.Fatalf("result is %d bytes after fitting, budget %d", n, maxResultBytes)
	}
	if len(res.Notes) == 0 {
		t.Fatal("no note says the result was trimmed")
	}
	for _, f := range res.Findings {
		if f.EventCount != 10 || len(f.Events) == 0 {
			t.Fatalf("finding %s lost its count or every citation: %+v", f.ID, f)
		}
	}
	small := huntflow.HuntResult{Findings: []huntflow.Finding{{ID: "a", Events: []huntflow.EventRef{{ID: "e"}}}}}
	fitResult(&small, maxResultBytes)
	if len(small.Notes) != 0 || len(small.Findings[0].Events) != 1 {
		t.Fatal("a small result was trimmed")
	}
}

func TestSearchAttributes(t *testing.T) {
	for _, registered := range []bool{true, false} {
		f := &fakeHunt{confidences: []float64{0.9}, noSA: !registered}
		env := newEnv()
		f.register(env)
		env.OnUpsertTypedSearchAttributes(mock.Anything).Return(nil)
		env.ExecuteWorkflow(HuntWorkflow, huntflow.HuntRequest{Start: t0})
		if err := env.GetWorkflowError(); err != nil {
			t.Fatal(err)
		}
		var res huntflow.HuntResult
		env.GetWorkflowResult(&res)
		if registered {
			env.AssertCalled(t, "workflow.UpsertTypedSearchAttributes", temporal.NewSearchAttributes(CategoryKey.ValueSet("credential-access")))
			env.AssertCalled(t, "workflow.UpsertTypedSearchAttributes", temporal.NewSearchAttributes(ThreatLevelKey.ValueSet(res.ThreatLevel.String())))
			continue
		}
		// Setting an unregistered attribute would fail every workflow task:
		// the hunt must not try, and must say why.
		env.AssertNotCalled(t, "workflow.UpsertTypedSearchAttributes", mock.Anything)
		if !strings.Contains(strings.Join(res.Notes, " "), "not registered") {
			t.Fatalf("notes %q do not say the search attributes are missing", res.Notes)
		}
	}
}

func TestSlimFindingsFitThePayloadLimit(t *testing.T) {
	long := strings.Repeat("y", 5000)
	fs := make([]huntflow.Finding, maxHuntFindings)
	for i := range fs {
		fs[i] = huntflow.Finding{ID: fmt.Sprint("f", i), Title: "t", Description: long, CommandLine: long,
			Events: []huntflow.EventRef{{ID: "e", CommandLine: long}}, Techniques: []string{"T1003.001"}}
	}
	if n := huntflow.JSONSize(activities.MapInput{Findings: slim(fs)}); n > 200<<10 {
		t.Fatalf("mapping input of %d findings is %d bytes", len(fs), n)
	}
}

func TestSteeredLLMCannotEndTheHuntEarly(t *testing.T) {
	f := &fakeHunt{confidences: []float64{0}, llm: true, llmBenign: true}
	_, res, err := runHunt(t, f, huntflow.HuntRequest{Start: t0, MaxIterations: 4})
	if err != nil {
		t.Fatal(err)
	}
	if res.Iterations != 4 || res.Stopped != "max-iterations" || res.Confidence != 0 {
		t.Fatalf("iterations %d stopped %q confidence %v: an LLM saying \"benign, 0.95\" ended the hunt", res.Iterations, res.Stopped, res.Confidence)
	}
}

func TestScheduledHuntStartsFromScheduledTime(t *testing.T) {
	env := newEnv()
	scheduled := time.Date(2024, 1, 2, 3, 0, 0, 0, time.UTC)
	env.SetStartTime(scheduled.Add(10 * time.Minute)) // a worker outage delayed the run
	if err := env.SetTypedSearchAttributesOnStart(temporal.NewSearchAttributes(scheduledStartKey.ValueSet(scheduled))); err != nil {
		t.Fatal(err)
	}
	f := &fakeHunt{confidences: []float64{0.9}}
	f.register(env)
	env.ExecuteWorkflow(HuntWorkflow, huntflow.HuntRequest{Lookback: time.Hour, Window: time.Hour, MaxIterations: 1})
	if err := env.GetWorkflowError(); err != nil {
		t.Fatal(err)
	}
	if want := scheduled.Add(-time.Hour); len(f.windows) != 1 || !f.windows[0].Start.Equal(want) {
		t.Fatalf("windows %v: want one starting at %v", f.windows, want)
	}
}

func TestFindingSetUnionsAcrossWindows(t *testing.T) {
	s := newFindingSet(10)
	w1 := huntflow.Finding{ID: "tree", Severity: huntflow.SeverityHigh, Techniques: []string{"T1003.001"}, Tactics: []string{"credential-access"},
		Detections: []huntflow.Detection{{RuleID: "A", Severity: huntflow.SeverityHigh, Techniques: []string{"T1003.001"}, EventCount: 2}}, EventCount: 2}
	w2 := huntflow.Finding{ID: "tree", Severity: huntflow.SeverityLow, Techniques: []string{"T1033"}, Tactics: []string{"discovery"},
		Detections: []huntflow.Detection{{RuleID: "A", Severity: huntflow.SeverityHigh, EventCount: 1}, {RuleID: "C", Severity: huntflow.SeverityLow, Techniques: []string{"T1033"}, EventCount: 1}}, EventCount: 2}
	s.add([]huntflow.Finding{w1})
	s.add([]huntflow.Finding{w2})
	got := s.list()
	if len(got) != 1 {
		t.Fatalf("findings %v", got)
	}
	g := got[0]
	if !slices.Equal(g.Techniques, []string{"T1003.001", "T1033"}) || !slices.Equal(g.Tactics, []string{"credential-access", "discovery"}) {
		t.Errorf("techniques %v tactics %v", g.Techniques, g.Tactics)
	}
	if len(g.Detections) != 2 || g.Detections[0].EventCount != 3 || g.Detections[1].RuleID != "C" || g.EventCount != 4 {
		t.Errorf("detections %+v events %d", g.Detections, g.EventCount)
	}
}

func TestCompactNotes(t *testing.T) {
	var notes []string
	for i := 0; i < 50; i++ {
		notes = append(notes, "same", fmt.Sprint("note ", i))
	}
	got := compactNotes(notes, 10)
	if len(got) != 11 || got[0] != "same" || got[1] != "note 0" || got[10] != "… and 41 more notes" {
		t.Fatalf("compactNotes = %q", got)
	}
}

func TestLocalStartTime(t *testing.T) {
	lab := []huntflow.HostClock{
		{Host: "SCRANTON", Offset: -4 * time.Hour, Known: true, Samples: 40, First: t0, Last: t0.Add(time.Hour), Events: 900},
		{Host: "NEWYORK", First: t0, Last: t0.Add(time.Hour), Events: 100}, // no local times: no vote
	}
	tests := []struct {
		name      string
		clocks    []huntflow.HostClock
		local     bool
		wantStart time.Time
		reading   string
	}{
		{"local clock learnt", lab, true, t0.Add(4 * time.Hour), "2020-05-01T23:22:00 read as UTC−04:00, the logs' local time = 2020-05-02T03:22:00Z"},
		{"no local times: UTC", []huntflow.HostClock{{Host: "A"}}, true, t0, "2020-05-01T23:22:00 read as UTC: the hunted hosts' logs carry no local times (add an offset, e.g. 2020-05-01T23:22:00-04:00, to name another clock)"},
		{"hosts disagree: UTC", append(slices.Clone(lab), huntflow.HostClock{Host: "UTC1", Known: true}), true, t0, "2020-05-01T23:22:00 read as UTC: the hunted hosts' local clocks disagree (add an offset, e.g. 2020-05-01T23:22:00-04:00, to name another clock)"},
		{"explicit offset or --utc: untouched", lab, false, t0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeHunt{confidences: []float64{0.9}, clocks: tt.clocks}
			_, res, err := runHunt(t, f, huntflow.HuntRequest{Start: t0, LocalTime: tt.local})
			if err != nil {
				t.Fatal(err)
			}
			if !f.windows[0].Start.Equal(tt.wantStart) || !res.Request.Start.Equal(tt.wantStart) {
				t.Errorf("first window starts %s (request %s), want %s", f.windows[0].Start, res.Request.Start, tt.wantStart)
			}
			if res.TimeReading != tt.reading {
				t.Errorf("reading %q, want %q", res.TimeReading, tt.reading)
			}
		})
	}
}

func TestNoEventsSaysWhereTheDataIs(t *testing.T) {
	clocks := []huntflow.HostClock{{Host: "SCRANTON", Offset: -4 * time.Hour, Known: true, First: t0.Add(3 * time.Hour), Last: t0.Add(5 * time.Hour), Events: 9}}
	f := &fakeHunt{confidences: []float64{0}, clocks: clocks, noEvents: true}
	_, res, err := runHunt(t, f, huntflow.HuntRequest{Start: t0, MaxIterations: 2})
	if err != nil {
		t.Fatal(err)
	}
	want := "No events in the hunt's windows (2020-05-01T23:22:00Z to 2020-05-01T23:32:00Z UTC). The store holds: SCRANTON 2020-05-02T02:22:00Z to 2020-05-02T04:22:00Z UTC (2020-05-01T22:22:00 to 2020-05-02T00:22:00 local, UTC−04:00)."
	if !slices.Contains(res.Notes, want) {
		t.Errorf("notes %q lack %q", res.Notes, want)
	}
	if res.Events != 0 || len(res.Clocks) != 1 {
		t.Errorf("result: events %d, clocks %+v", res.Events, res.Clocks)
	}
}

func TestScheduledRunMarksSeenBefore(t *testing.T) {
	f := &fakeHunt{confidences: []float64{0.9}}
	env := newEnv()
	f.register(env)
	var a *activities.Activities
	var got activities.RecordInput
	env.OnActivity(a.RecordFindings, mock.Anything, mock.Anything).Return(func(ctx context.Context, in activities.RecordInput) (activities.RecordResult, error) {
		got = in
		return activities.RecordResult{SeenBefore: map[string]string{"f-lsass": "hourly-run-0900"}}, nil
	})
	sched := t0.Add(2 * time.Hour)
	if err := env.SetTypedSearchAttributesOnStart(temporal.NewSearchAttributes(scheduledByKey.ValueSet("hourly"), scheduledStartKey.ValueSet(sched))); err != nil {
		t.Fatal(err)
	}
	env.ExecuteWorkflow(HuntWorkflow, huntflow.HuntRequest{Lookback: time.Hour, Lag: 10 * time.Minute, Window: time.Hour, MaxIterations: 1})
	var res huntflow.HuntResult
	if err := env.GetWorkflowResult(&res); err != nil {
		t.Fatal(err)
	}
	// The slot is [scheduled − lookback − lag, scheduled − lag).
	if w := res.Windows[0]; !w.Start.Equal(sched.Add(-70*time.Minute)) || !w.End.Equal(sched.Add(-10*time.Minute)) {
		t.Errorf("slot %s", w)
	}
	if got.Schedule != "hourly" || len(got.Findings) != 1 {
		t.Errorf("recorded %+v", got)
	}
	if len(res.Findings) != 1 || res.Findings[0].SeenBefore != "hourly-run-0900" {
		t.Errorf("findings %+v", res.Findings)
	}
}

func TestCurrentDetailsFollowTheHunt(t *testing.T) {
	f := &fakeHunt{confidences: []float64{0.9}}
	env := newEnv()
	f.register(env)
	env.ExecuteWorkflow(HuntWorkflow, huntflow.HuntRequest{Start: t0})
	if err := env.GetWorkflowError(); err != nil {
		t.Fatal(err)
	}
	v, err := env.QueryWorkflow("__temporal_workflow_metadata")
	if err != nil {
		t.Fatal(err)
	}
	var md sdkpb.WorkflowMetadata
	if err := v.Get(&md); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"**Stage:** done", "- **Findings:** 1", "- **Threat level:** HIGH", "- **Top techniques:** T1003.001", "- **Events read:** 10"} {
		if !strings.Contains(md.GetCurrentDetails(), want) {
			t.Errorf("current details lack %q:\n%s", want, md.GetCurrentDetails())
		}
	}
}

func TestLLMNotesUsageAndProseReachTheResult(t *testing.T) {
	f := &fakeHunt{confidences: []float64{0, 0.9}, llm: true, llmUsage: 100, llmNotes: []string{"dropped 2 suspicious event(s) the LLM cited by refs that were not in its input (fabricated citations)"},
		policy: activities.LLMPolicy{PricePer1K: 0.5}}
	env, res, err := runHunt(t, f, huntflow.HuntRequest{Start: t0, MaxIterations: 3})
	if err != nil {
		t.Fatal(err)
	}
	val, err := env.QueryWorkflow(ProgressQuery)
	if err != nil {
		t.Fatal(err)
	}
	var prog Progress
	if err := val.Get(&prog); err != nil || prog.LLMPromptTokens != 400 || prog.LLMCompletionTokens != 4 || prog.LLMSkipped != "" {
		t.Errorf("progress %+v (%v): want the LLM's tokens", prog, err)
	}
	notes := strings.Join(res.Notes, "\n")
	if !strings.Contains(notes, "fabricated citations") || !strings.Contains(notes, "prose note") {
		t.Errorf("notes %q lack the LLM's", notes)
	}
	if res.Prose == nil || res.Prose.ExecutiveSummary[0].Text != "prose" || f.proses != 1 {
		t.Errorf("prose %+v (%d calls)", res.Prose, f.proses)
	}
	// Two reviews, one mapping, one prose.
	u := res.LLMUsage
	if u == nil || len(u.Steps) != 4 || u.PromptTokens != 400 || u.CompletionTokens != 4 || u.EstimatedCost != 0.404*0.5 {
		t.Fatalf("usage %+v", u)
	}
	if len(f.reports) != 1 || f.reports[0].UseLLM || f.reports[0].Result.LLMUsage == nil || f.reports[0].Result.Prose == nil {
		t.Errorf("the report step did not get the prose and usage: %+v", f.reports)
	}
	if len(f.maps) != 1 || !f.maps[0].UseLLM || !f.maps[0].LLMErrors {
		t.Errorf("mapping %+v", f.maps)
	}
}

func TestLLMCircuitBreaker(t *testing.T) {
	f := &fakeHunt{confidences: []float64{0}, llm: true,
		llmErr: temporal.NewNonRetryableApplicationError("llm classify: 401 bad key", activities.ErrLLMPermanent, nil)}
	env, res, err := runHunt(t, f, huntflow.HuntRequest{Start: t0, MaxIterations: 4})
	if err != nil {
		t.Fatal(err)
	}
	var prog Progress
	if val, err := env.QueryWorkflow(ProgressQuery); err != nil || val.Get(&prog) != nil || !strings.Contains(prog.LLMSkipped, "gave up on the review") {
		t.Errorf("progress %+v (%v): want why the LLM is skipped", prog, err)
	}
	if f.reasons != 1 || f.proses != 0 {
		t.Errorf("after the LLM gave up: %d reviews, %d prose steps; want 1 and 0", f.reasons, f.proses)
	}
	if len(f.maps) != 1 || f.maps[0].UseLLM {
		t.Errorf("mapping used the LLM after it gave up: %+v", f.maps)
	}
	if res.Iterations != 4 || !strings.Contains(strings.Join(res.Notes, "\n"), "remaining LLM steps were skipped") {
		t.Errorf("iterations %d notes %q", res.Iterations, res.Notes)
	}
}

func TestLLMTokenBudget(t *testing.T) {
	f := &fakeHunt{confidences: []float64{0}, llm: true, llmUsage: 600, policy: activities.LLMPolicy{Budget: 1000}}
	_, res, err := runHunt(t, f, huntflow.HuntRequest{Start: t0, MaxIterations: 4})
	if err != nil {
		t.Fatal(err)
	}
	if f.reasons != 2 || f.proses != 0 || len(f.maps) != 1 || f.maps[0].UseLLM {
		t.Errorf("with a 1000-token budget and 601 a step: %d reviews, %d prose, maps %+v", f.reasons, f.proses, f.maps)
	}
	if !strings.Contains(strings.Join(res.Notes, "\n"), "budget of 1000 was spent (1202 tokens used)") {
		t.Errorf("notes %q", res.Notes)
	}
}

// A hung endpoint costs one step's bound, once: the breaker skips the rest.
func TestHungLLMCostsOneStep(t *testing.T) {
	f := &fakeHunt{confidences: []float64{0}, llm: true, llmHang: true, policy: activities.LLMPolicy{StepTimeout: 2 * time.Second}}
	start := time.Now()
	_, res, err := runHunt(t, f, huntflow.HuntRequest{Start: t0, MaxIterations: 3})
	if err != nil {
		t.Fatal(err)
	}
	if f.reasons == 0 || res.Iterations != 3 || f.proses != 0 {
		t.Errorf("reviews %d iterations %d prose %d", f.reasons, res.Iterations, f.proses)
	}
	if !strings.Contains(strings.Join(res.Notes, "\n"), "the LLM gave up on the review of window") {
		t.Errorf("notes %q", res.Notes)
	}
	if d := time.Since(start); d > time.Minute {
		t.Errorf("hunt took %s", d)
	}
}

func TestProseInputIsSmallerAndLeavesTheResult(t *testing.T) {
	var res huntflow.HuntResult
	f := huntflow.Finding{ID: "f"}
	for i := range 10 {
		f.Events = append(f.Events, huntflow.EventRef{ID: fmt.Sprint(i)})
	}
	res.Findings = []huntflow.Finding{f}
	res.Enrichments = []huntflow.Enrichment{{FindingID: "f", Process: f.Events, Children: f.Events}}
	in := proseInput(res)
	if len(in.Findings[0].Events) != 5 || len(in.Enrichments[0].Process) != 3 || len(in.Enrichments[0].Children) != 3 {
		t.Errorf("prose input %+v", in)
	}
	if len(res.Findings[0].Events) != 10 || len(res.Enrichments[0].Process) != 10 {
		t.Error("proseInput changed the result")
	}
}
