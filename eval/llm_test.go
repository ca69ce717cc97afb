package eval

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/eval/evaltest"
	"github.com/huntflow/huntflow/ingest"
)

var t0 = time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)

func ev(id string, eventID int, sec int) *huntflow.Event {
	return &huntflow.Event{ID: id, Time: t0.Add(time.Duration(sec) * time.Second), EventID: eventID,
		Channel: "Microsoft-Windows-Sysmon/Operational", Host: "WS01"}
}

func refIDs(refs []huntflow.EventRef) []string {
	var ids []string
	for _, r := range refs {
		ids = append(ids, r.ID)
	}
	return ids
}

func TestPromptEvents(t *testing.T) {
	events := []*huntflow.Event{
		ev("net1", 3, 1), ev("proc", 1, 2), ev("net2", 3, 3), nil, ev("access", 10, 4), ev("cited", 3, 5), ev("reg", 13, 6),
	}
	findings := []huntflow.Finding{{Events: []huntflow.EventRef{{ID: "cited"}}}}
	tests := []struct {
		max  int
		want []string
	}{
		{1, []string{"cited"}},
		{2, []string{"proc", "cited"}},
		{3, []string{"proc", "access", "cited"}},
		{4, []string{"net1", "proc", "access", "cited"}},
		{100, []string{"net1", "proc", "net2", "access", "cited", "reg"}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.max), func(t *testing.T) {
			if got := refIDs(PromptEvents(events, findings, tt.max)); !slices.Equal(got, tt.want) {
				t.Errorf("PromptEvents(max %d) = %v, want %v (priority, then time order)", tt.max, got, tt.want)
			}
		})
	}
}

func TestBusiestWindows(t *testing.T) {
	const min5 = 5 * time.Minute
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	// Minutes 0-4: network chatter. Minutes 10-14: a few process creations.
	// Minutes 20-24: one event the rules cite. Minutes 30-34: one event.
	var long []*huntflow.Event
	for i := range 12 {
		long = append(long, ev(fmt.Sprint("net", i), 3, i*10))
	}
	for i := range 4 {
		long = append(long, ev(fmt.Sprint("proc", i), 1, 600+i))
	}
	long = append(long, ev("cited", 10, 1200), ev("late", 13, 1800))
	findings := []huntflow.Finding{{Events: []huntflow.EventRef{{ID: "cited"}}}}

	tests := []struct {
		name   string
		events []*huntflow.Event
		n      int
		want   []huntflow.Window
	}{
		{"no events", nil, 3, nil},
		{"short span is one window", []*huntflow.Event{ev("a", 1, 0), ev("b", 3, 90)}, 3,
			[]huntflow.Window{{Start: t0, End: t0.Add(90*time.Second + time.Nanosecond)}}},
		// Process creations (4 × 4) outweigh more network events (12 × 1).
		{"busiest one", long, 1, []huntflow.Window{{Start: at(10), End: at(15)}}},
		{"busiest three in time order", long, 3, []huntflow.Window{{Start: at(0), End: at(5)}, {Start: at(10), End: at(15)}, {Start: at(20), End: at(25)}}},
		{"fewer windows than asked", long, 10, []huntflow.Window{{Start: at(0), End: at(5)}, {Start: at(10), End: at(15)}, {Start: at(20), End: at(25)}, {Start: at(30), End: at(35)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := BusiestWindows(tt.events, findings, tt.n, min5)
			if !slices.Equal(got, tt.want) {
				t.Errorf("BusiestWindows = %v, want %v", got, tt.want)
			}
		})
	}
}

// stubReasoner answers Classify with findings citing the first event of
// the input, carrying techniques; or fails.
type stubReasoner struct {
	techniques []string
	err        error
	cancel     context.CancelFunc
	inputs     []huntflow.ClassifyInput
}

func (s *stubReasoner) Name() string { return "stub" }

func (s *stubReasoner) Classify(ctx context.Context, in huntflow.ClassifyInput) (huntflow.Classification, error) {
	s.inputs = append(s.inputs, in)
	if s.cancel != nil {
		s.cancel()
		return huntflow.Classification{}, ctx.Err()
	}
	if s.err != nil {
		return huntflow.Classification{}, s.err
	}
	return huntflow.Classification{Findings: []huntflow.Finding{{Source: "llm", Techniques: s.techniques, Events: in.Events[:1]}}}, nil
}

func (s *stubReasoner) MapTechniques(context.Context, []huntflow.Finding) ([]huntflow.TechniqueHit, error) {
	return nil, nil
}

func (s *stubReasoner) WriteReport(context.Context, huntflow.HuntResult) (string, error) {
	return "", nil
}

func TestEvaluateWithLLM(t *testing.T) {
	corpus := evaltest.Corpus(t, evaltest.Dump(t), evaltest.Missing())
	sims, err := LoadCorpus(corpus)
	if err != nil {
		t.Fatal(err)
	}
	d := testDetector(t)
	tests := []struct {
		name                string
		llm                 *stubReasoner
		wantTechs, wantDrop []string
		wantHits, wantFails int
	}{
		// T1057.999 is no sub-technique: the catalogue maps it to T1057.
		{"techniques validated", &stubReasoner{techniques: []string{" t1057.999", "T9999", "T1003.001"}}, []string{"T1003.001", "T1057"}, []string{"T9999"}, 3, 0},
		{"failure counted", &stubReasoner{err: errors.New("status 503\nretry later")}, nil, nil, 2, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := Evaluate(context.Background(), d, corpus, sims, ingest.Normalize, &LLM{Reasoner: tt.llm})
			if err != nil {
				t.Fatal(err)
			}
			sim := rep.Simulations[0]
			l := sim.LLM
			if sim.Hits != 2 || l == nil || rep.Simulations[1].LLM != nil {
				t.Fatalf("rules hits %d, LLM %+v (skipped simulation: %+v)", sim.Hits, l, rep.Simulations[1].LLM)
			}
			if !slices.Equal(l.Techniques, tt.wantTechs) || !slices.Equal(l.Dropped, tt.wantDrop) || l.Hits != tt.wantHits || l.Failures != tt.wantFails || l.Calls != 1 {
				t.Errorf("LLM result %+v", l)
			}
			if tt.wantFails > 0 && (len(l.Errors) != 1 || l.Errors[0] != "window "+l.Windows[0].String()+": status 503 retry later") {
				t.Errorf("errors %q, want the failure on one line", l.Errors)
			}
			in := tt.llm.inputs[0]
			if in.Total != 4 || len(in.Events) != 4 || len(in.Findings) != sim.Findings {
				t.Errorf("LLM input: %d of %d events, %d findings", len(in.Events), in.Total, len(in.Findings))
			}
		})
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if _, err := Evaluate(ctx, d, corpus, sims, ingest.Normalize, &LLM{Reasoner: &stubReasoner{cancel: cancel}}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled evaluation: err %v, want context.Canceled", err)
	}
	if _, err := Evaluate(context.Background(), d, corpus, sims, ingest.Normalize, &LLM{Reasoner: &stubReasoner{}, Windows: MaxLLMWindows + 1}); err == nil {
		t.Error("too many windows accepted")
	}
}
