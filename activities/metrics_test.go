package activities

import (
	"context"
	"testing"
	"time"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/detect"
)

type recordingMetrics struct {
	windows, events, hunts, findings int
	level                            huntflow.Severity
	prompt, completion               int
}

func (r *recordingMetrics) WindowClassified(n int) { r.windows++; r.events += n }
func (r *recordingMetrics) HuntReported(l huntflow.Severity, fs []huntflow.Finding) {
	r.hunts++
	r.level = l
	r.findings += len(fs)
}
func (r *recordingMetrics) LLMTokens(p, c int) { r.prompt += p; r.completion += c }

func TestStepsReportMetrics(t *testing.T) {
	ctx := context.Background()
	events := scenario()
	w := huntflow.Window{Start: t0.Add(-15 * time.Minute), End: t0.Add(15 * time.Minute)}
	res := huntflow.HuntResult{HuntID: "h1", ThreatLevel: huntflow.SeverityCritical,
		Findings: []huntflow.Finding{{ID: "a", Severity: huntflow.SeverityCritical}, {ID: "b", Severity: huntflow.SeverityLow}}}
	det, err := detect.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, withMetrics := range []bool{true, false} {
		a := &Activities{Store: openStore(t, events), Detector: det, ReportDir: t.TempDir()}
		rec := &recordingMetrics{}
		if withMetrics {
			a.Metrics = rec
		}
		// With no Metrics the steps run as before (nil-safe).
		cls, err := a.ClassifyWindow(ctx, WindowInput{Window: w})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.SaveReport(ctx, SaveInput{Result: res, Markdown: "# r\n"}); err != nil {
			t.Fatal(err)
		}
		if !withMetrics {
			continue
		}
		if rec.windows != 1 || rec.events != cls.EventsScanned || rec.events == 0 {
			t.Errorf("window metrics %d windows / %d events, want 1 / %d", rec.windows, rec.events, cls.EventsScanned)
		}
		if rec.hunts != 1 || rec.level != huntflow.SeverityCritical || rec.findings != 2 {
			t.Errorf("hunt metrics %+v, want one critical hunt with 2 findings", rec)
		}
	}
}

type usageReasoner struct{ stubReasoner }

func (usageReasoner) Classify(_ context.Context, in huntflow.ClassifyInput) (huntflow.Classification, error) {
	return huntflow.Classification{Window: in.Window, Category: "benign", Usage: &huntflow.LLMUsage{Calls: 1, PromptTokens: 900, CompletionTokens: 40}}, nil
}

func TestLLMStepsCountTokens(t *testing.T) {
	rec := &recordingMetrics{}
	a := &Activities{Store: openStore(t, scenario()), Reasoner: usageReasoner{}, Metrics: rec}
	w := huntflow.Window{Start: t0.Add(-15 * time.Minute), End: t0.Add(15 * time.Minute)}
	if _, err := a.ReasonWindow(context.Background(), ReasonInput{WindowInput: WindowInput{Window: w}}); err != nil {
		t.Fatal(err)
	}
	if rec.prompt != 900 || rec.completion != 40 {
		t.Errorf("tokens counted %d/%d, want 900/40", rec.prompt, rec.completion)
	}
}
