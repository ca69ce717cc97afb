// Package activities holds the steps of a hunt. Each is a Temporal activity:
// it does the I/O (log store, detection engine, LLM, report files) so the
// workflow can stay deterministic, and it returns only small, capped
// payloads so big event batches never enter workflow history.
package activities

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/report"
)

// Error types the workflow's retry policies treat as final.
const (
	ErrBadInput     = "BadInput"
	ErrEmptyStore   = "EmptyStore"
	ErrLLMPermanent = "LLMPermanent"
)

// MaxPayload caps what an activity returns: Temporal rejects payloads over
// 2 MB and large histories slow every replay, so results are trimmed well
// below that.
const MaxPayload = 200 << 10

// TechniqueResolver validates technique IDs against the ATT&CK catalogue.
type TechniqueResolver interface {
	Resolve(hits []huntflow.TechniqueHit) ([]huntflow.TechniqueHit, []string)
}

// Activities carries the dependencies of the hunt's steps. One value is
// registered with the worker; its methods are the activities.
type Activities struct {
	Store    huntflow.Store
	Detector huntflow.Detector
	// Reasoner is the LLM analyst; nil when no LLM is configured.
	Reasoner huntflow.Reasoner
	// LLMRetryable tells transient LLM errors (429, 5xx) from final ones.
	LLMRetryable func(error) bool
	Catalogue    TechniqueResolver
	ReportDir    string
	Logger       *slog.Logger
	// LLMSlots bounds concurrent LLM calls in this worker (nil: unbounded).
	LLMSlots chan struct{}
	// SearchAttributes says the namespace has the hunt's search attributes
	// (ThreatLevel, Category) registered, so hunts may set them.
	SearchAttributes bool
	// LLMHeartbeat overrides how often a running step heartbeats (default
	// heartbeatEvery); tests shorten it.
	LLMHeartbeat time.Duration
	// StoreKind names the store ("sqlite", "elasticsearch") for the report.
	StoreKind string
	// QueryFields are the field names of the store's documents that the
	// report's hunting queries use (zero: report.SysmonFields).
	QueryFields report.Fields
	// Metrics counts windows, hunts and findings (nil: not counted).
	Metrics Metrics
}

func (a *Activities) logger() *slog.Logger {
	if a.Logger != nil {
		return a.Logger
	}
	return slog.Default()
}

// Setup describes what a worker hunts with and over what data.
type Setup struct {
	Analyst          string         `json:"analyst"`
	LLM              bool           `json:"llm"`
	SearchAttributes bool           `json:"search_attributes"`
	StoreStats       huntflow.Stats `json:"store_stats"`
	// Clocks are the hosts' spans and local clocks, where the store can
	// tell them (capped at maxClocks hosts).
	Clocks []huntflow.HostClock `json:"clocks,omitempty"`
}

// maxClocks caps the host clocks a hunt carries in its history.
const maxClocks = 50

// Describe reports the worker's analysts and the store's extent. An empty
// store fails the hunt at once: there is nothing to hunt until ingest runs.
func (a *Activities) Describe(ctx context.Context, host string) (Setup, error) {
	defer a.keepAlive(ctx)()
	st, err := a.Store.Stats(ctx, huntflow.Query{Host: host})
	if err != nil {
		return Setup{}, fmt.Errorf("read store stats: %w", err)
	}
	st.Hosts = capStrings(st.Hosts, 50)
	if st.Events == 0 {
		what := "the log store holds no events"
		if host != "" {
			what = fmt.Sprintf("the log store holds no events for host %q", host)
		}
		return Setup{}, temporal.NewNonRetryableApplicationError(what+": run ingest first", ErrEmptyStore, nil)
	}
	s := Setup{Analyst: "rules", StoreStats: st, SearchAttributes: a.SearchAttributes}
	var clocks []huntflow.HostClock
	if cr, ok := a.Store.(huntflow.ClockReader); ok {
		clocks, err = cr.HostClocks(ctx, host)
	} else {
		clocks, err = huntflow.LearnClocks(ctx, a.Store, host)
	}
	if err != nil {
		return Setup{}, fmt.Errorf("read host clocks: %w", err)
	}
	s.Clocks = clocks[:min(len(clocks), maxClocks)]
	if a.Reasoner != nil {
		s.LLM = true
		s.Analyst = "rules+" + a.Reasoner.Name()
	}
	return s, nil
}

// WindowInput names one window of the hunt.
type WindowInput struct {
	Window huntflow.Window `json:"window"`
	Host   string          `json:"host,omitempty"`
}

func (in WindowInput) query() huntflow.Query {
	return huntflow.Query{Start: in.Window.Start, End: in.Window.End, Host: in.Host}
}

// WindowSummary is what the fetch step returns: the events stay in the
// store, history only records how many there are.
type WindowSummary struct {
	Window huntflow.Window `json:"window"`
	Events int             `json:"events"`
	Hosts  []string        `json:"hosts,omitempty"`
}

// FetchWindow checks a window of events in the store and summarises it.
func (a *Activities) FetchWindow(ctx context.Context, in WindowInput) (WindowSummary, error) {
	defer a.keepAlive(ctx)()
	if !in.Window.End.After(in.Window.Start) {
		return WindowSummary{}, temporal.NewNonRetryableApplicationError(fmt.Sprintf("empty window %s", in.Window), ErrBadInput, nil)
	}
	st, err := a.Store.Stats(ctx, in.query())
	if err != nil {
		return WindowSummary{}, fmt.Errorf("fetch window %s: %w", in.Window, err)
	}
	return WindowSummary{Window: in.Window, Events: st.Events, Hosts: capStrings(st.Hosts, 50)}, nil
}

// ClassifyWindow runs the detection engine over a window's events.
func (a *Activities) ClassifyWindow(ctx context.Context, in WindowInput) (huntflow.Classification, error) {
	defer a.keepAlive(ctx)()
	events, err := a.readWindow(ctx, in)
	if err != nil {
		return huntflow.Classification{}, err
	}
	c, err := a.Detector.Detect(ctx, in.Window, events)
	if err != nil {
		return huntflow.Classification{}, fmt.Errorf("detect in window %s: %w", in.Window, err)
	}
	a.metrics().WindowClassified(len(events))
	trimClassification(&c, MaxPayload)
	return c, nil
}

// ReasonInput asks the LLM analyst to review a window the rules have seen.
type ReasonInput struct {
	WindowInput
	Findings []huntflow.Finding `json:"findings"`
}

// MaxPromptEvents caps the events handed to the LLM analyst per window.
const MaxPromptEvents = 400

// ReasonWindow asks the LLM analyst for what the rules may have missed.
func (a *Activities) ReasonWindow(ctx context.Context, in ReasonInput) (huntflow.Classification, error) {
	defer a.keepAlive(ctx)()
	if a.Reasoner == nil {
		// Retryable: in a mixed fleet another worker, one with an LLM,
		// can take the retry.
		return huntflow.Classification{}, errors.New("no LLM analyst is configured on this worker")
	}
	events, err := a.readWindow(ctx, in.WindowInput)
	if err != nil {
		return huntflow.Classification{}, err
	}
	refs := promptEvents(events, in.Findings, MaxPromptEvents)
	var c huntflow.Classification
	err = a.withLLM(ctx, func() error {
		var err error
		c, err = a.Reasoner.Classify(ctx, huntflow.ClassifyInput{Window: in.Window, Events: refs, Total: len(events), Findings: in.Findings})
		return err
	})
	if err != nil {
		return huntflow.Classification{}, a.llmError("llm classify", err)
	}
	trimClassification(&c, MaxPayload)
	return c, nil
}

// readWindow loads a window's events, heartbeating so a stuck store read is
// noticed and retried on another worker.
func (a *Activities) readWindow(ctx context.Context, in WindowInput) ([]*huntflow.Event, error) {
	var events []*huntflow.Event
	err := a.Store.Search(ctx, in.query(), func(e *huntflow.Event) error {
		events = append(events, e)
		if len(events)%1000 == 0 {
			recordHeartbeat(ctx, len(events))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read window %s: %w", in.Window, err)
	}
	return events, nil
}

func recordHeartbeat(ctx context.Context, details ...any) {
	if activity.IsActivity(ctx) {
		activity.RecordHeartbeat(ctx, details...)
	}
}

// heartbeatEvery is how often a running step tells Temporal it is alive.
// Every step heartbeats for its whole run — while it waits on the store, on
// the detection engine, for an LLM slot or on the LLM — so a worker that dies
// mid-step is noticed within the heartbeat timeout, not at the end of the
// step's much longer start-to-close timeout.
const heartbeatEvery = 5 * time.Second

// keepAlive heartbeats until the returned stop is called. Use it as
// `defer a.keepAlive(ctx)()` at the top of an activity.
func (a *Activities) keepAlive(ctx context.Context) (stop func()) {
	if !activity.IsActivity(ctx) {
		return func() {}
	}
	every := a.LLMHeartbeat
	if every <= 0 {
		every = heartbeatEvery
	}
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				activity.RecordHeartbeat(ctx)
			case <-done:
				return
			case <-ctx.Done():
				return
			}
		}
	}()
	return func() { close(done) }
}

func (a *Activities) withLLM(ctx context.Context, fn func() error) error {
	if a.LLMSlots != nil {
		select {
		case a.LLMSlots <- struct{}{}:
			defer func() { <-a.LLMSlots }()
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return fn()
}

// llmError keeps transient LLM failures retryable and makes final ones
// (bad key, unparseable replies) fail the step at once.
func (a *Activities) llmError(step string, err error) error {
	// A cancelled or timed-out call (a worker shutting down, a slow model)
	// is worth another attempt, whatever the client makes of it.
	interrupted := errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
	if a.LLMRetryable != nil && !a.LLMRetryable(err) && !interrupted {
		return temporal.NewNonRetryableApplicationError(fmt.Sprintf("%s: %v", step, err), ErrLLMPermanent, nil)
	}
	return fmt.Errorf("%s: %w", step, err)
}

// promptEvents picks what the LLM sees: the events findings cite first, then
// process creations, then the rest, in time order, up to max.
func promptEvents(events []*huntflow.Event, findings []huntflow.Finding, max int) []huntflow.EventRef {
	cited := make(map[string]bool)
	for _, f := range findings {
		for _, r := range f.Events {
			cited[r.ID] = true
		}
	}
	rank := func(e *huntflow.Event) int {
		switch {
		case cited[e.ID]:
			return 0
		case e.EventID == 1 || e.EventID == 4688:
			return 1
		case e.EventID == 10 || e.EventID == 8 || e.EventID == 4104 || e.EventID == 7045 || e.EventID == 4698:
			return 2
		}
		return 3
	}
	picked := make([]*huntflow.Event, 0, min(len(events), max))
	for r := 0; r <= 3 && len(picked) < max; r++ {
		for _, e := range events {
			if rank(e) == r {
				picked = append(picked, e)
				if len(picked) == max {
					break
				}
			}
		}
	}
	sort.SliceStable(picked, func(i, j int) bool { return picked[i].Time.Before(picked[j].Time) })
	refs := make([]huntflow.EventRef, len(picked))
	for i, e := range picked {
		refs[i] = e.Ref()
	}
	return refs
}

func capStrings(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
