package openai

import (
	"context"
	"encoding/json"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/detect"
	"github.com/huntflow/huntflow/eval"
	"github.com/huntflow/huntflow/ingest"
	"github.com/huntflow/huntflow/tokens"
)

// windowSink keeps the events of one window.
type windowSink struct {
	mu     sync.Mutex
	w      huntflow.Window
	events []*huntflow.Event
}

func (s *windowSink) Write(_ context.Context, batch []huntflow.Event) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range batch {
		if !batch[i].Time.Before(s.w.Start) && batch[i].Time.Before(s.w.End) {
			e := batch[i]
			s.events = append(s.events, &e)
		}
	}
	return len(batch), nil
}

const bundled = "../datasets/otrf/metasploit_logonpasswords_lsass_memory_dump.zip"

// TestClassifyPromptTokens measures the review prompt of the bundled
// campaign's first window (5 min, 32,966 events, the LSASS dump) against
// the original notebook's design, which showed the model 20 raw events with
// all their fields: the prompt must cost at most a quarter of that, and fit
// a 16k context with the reply.
func TestClassifyPromptTokens(t *testing.T) {
	start := time.Date(2023, 8, 15, 9, 53, 0, 0, time.UTC)
	sink := &windowSink{w: huntflow.Window{Start: start, End: start.Add(5 * time.Minute)}}
	if _, err := ingest.Files(context.Background(), sink, []string{bundled}, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	events := sink.events
	slices.SortStableFunc(events, func(a, b *huntflow.Event) int { return a.Time.Compare(b.Time) })
	if len(events) < 1000 {
		t.Fatalf("window holds %d events", len(events))
	}
	// The notebook's prompt: 20 raw events of the window, as JSON. Two
	// readings of which 20 (the first ones; an even spread); the target is
	// held against the smaller.
	rawTokens := func(pick func(i int) *huntflow.Event) int {
		var raw []json.RawMessage
		for i := range 20 {
			raw = append(raw, pick(i).Raw)
		}
		b, err := json.Marshal(raw)
		if err != nil {
			t.Fatal(err)
		}
		return tokens.Count(string(b))
	}
	first := rawTokens(func(i int) *huntflow.Event { return events[i] })
	spread := rawTokens(func(i int) *huntflow.Event { return events[i*len(events)/20] })
	baseline := min(first, spread)

	d, err := detect.Default()
	if err != nil {
		t.Fatal(err)
	}
	cls, err := d.Detect(context.Background(), sink.w, events)
	if err != nil {
		t.Fatal(err)
	}
	in := huntflow.ClassifyInput{Window: sink.w, Events: eval.PromptEvents(events, cls.Findings, 400), Total: len(events), Findings: cls.Findings}
	a, err := New(Config{APIKey: "k"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	p, err := a.classifyPrompt(in, len(events))
	if err != nil {
		t.Fatal(err)
	}
	got := tokens.Messages(p.msgs[0].Content, p.msgs[1].Content)
	ratio := float64(got) / float64(baseline)
	if testing.Verbose() {
		t.Log(p.msgs[1].Content)
	}
	t.Logf("window: %d events, %d rule findings; notebook design (20 raw events): %d tokens (first 20), %d (spread); review prompt: %d tokens (system %d), %d rows standing for %d events; ratio %.3f",
		len(events), len(cls.Findings), first, spread, got, tokens.Count(p.msgs[0].Content), len(p.rows), p.shown, ratio)
	if ratio > 0.25 {
		t.Errorf("review prompt %d tokens = %.0f%% of the notebook's %d: want at most 25%%", got, 100*ratio, baseline)
	}
	if budget := tokens.Budget(DefaultContextTokens, DefaultMaxTokens); got > budget {
		t.Errorf("review prompt %d tokens exceeds the %d-token budget of a 16k context", got, budget)
	}
	// Every rule finding's cited events are shown.
	for _, f := range cls.Findings {
		if len(f.Events) > 0 && len(citedRefs(f, refsOf(p.rows))) == 0 {
			t.Errorf("finding %q: none of its events is in the prompt", f.Title)
		}
	}
}

func refsOf(rows map[string]*eventRow) map[string]string {
	out := map[string]string{}
	for ref, r := range rows {
		for _, e := range r.events {
			out[e.ID] = ref
		}
	}
	return out
}
