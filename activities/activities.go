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
	"strings"
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
	Reasoner huntflow.LLMAnalyst
	// LLMRetryable tells transient LLM errors (429, 5xx) from final ones.
	LLMRetryable func(error) bool
	// LLMRetryAfter is the delay an LLM error asks for (a 429's
	// Retry-After), 0 when none.
	LLMRetryAfter func(error) time.Duration
	// LLM is the hunt-level LLM policy this worker hands to the hunts it
	// starts (through Describe, so the workflow reads it from history).
	LLM       LLMPolicy
	Catalogue TechniqueResolver
	ReportDir string
	Logger    *slog.Logger
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
	// PageSize is how many events a step reads from the store at a time
	// (default DefaultPageSize).
	PageSize int
	// Metrics counts windows, hunts and findings (nil: not counted).
	Metrics Metrics
}

func (a *Activities) logger() *slog.Logger {
	if a.Logger != nil {
		return a.Logger
	}
	return slog.Default()
}

// LLMPolicy is how a hunt uses the LLM: how long one LLM step may take in
// all (its retries included) before the hunt gives up on the LLM, the
// hunt's token budget, and the price used to estimate cost.
type LLMPolicy struct {
	StepTimeout time.Duration `json:"step_timeout,omitempty"`
	Budget      int           `json:"budget,omitempty"`
	PricePer1K  float64       `json:"price_per_1k,omitempty"`
}

// DefaultLLMStepTimeout bounds an LLM step, retries included: a hung
// endpoint costs a hunt at most this once, then the hunt goes on without
// the LLM.
const DefaultLLMStepTimeout = 3 * time.Minute

// Setup describes what a worker hunts with and over what data.
type Setup struct {
	Analyst          string         `json:"analyst"`
	LLM              bool           `json:"llm"`
	SearchAttributes bool           `json:"search_attributes"`
	StoreStats       huntflow.Stats `json:"store_stats"`
	// Rules is how many detection rules the worker hunts with.
	Rules int `json:"rules,omitempty"`
	// Clocks are the hosts' spans and local clocks, where the store can
	// tell them (capped at maxClocks hosts).
	Clocks    []huntflow.HostClock `json:"clocks,omitempty"`
	LLMPolicy LLMPolicy            `json:"llm_policy,omitzero"`
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
	if rc, ok := a.Detector.(interface{ RuleCount() int }); ok {
		s.Rules = rc.RuleCount()
	}
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
		s.LLMPolicy = a.LLM
		if s.LLMPolicy.StepTimeout <= 0 {
			s.LLMPolicy.StepTimeout = DefaultLLMStepTimeout
		}
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

// ClassifyWindow runs the detection engine over a window's events. The
// window is streamed from the store a page at a time into a detection
// session, so a day of events costs the memory of a few pages plus the
// detector's per-process state, never the whole window.
func (a *Activities) ClassifyWindow(ctx context.Context, in WindowInput) (huntflow.Classification, error) {
	defer a.keepAlive(ctx)()
	sess := a.Detector.NewSession(in.Window)
	var detectErr error
	err := a.streamWindow(ctx, in, func(page []*huntflow.Event) error {
		detectErr = sess.Add(ctx, page)
		return detectErr
	})
	if err == nil {
		var c huntflow.Classification
		if c, detectErr = sess.Finish(ctx); detectErr == nil {
			a.metrics().WindowClassified(c.EventsScanned)
			trimClassification(&c, MaxPayload)
			return c, nil
		}
	}
	if detectErr != nil {
		return huntflow.Classification{}, fmt.Errorf("detect in window %s: %w", in.Window, detectErr)
	}
	return huntflow.Classification{}, err
}

// DefaultPageSize is how many events a step reads from the store at a
// time: a few megabytes, and enough events to keep every core matching.
const DefaultPageSize = 1000

// streamWindow reads a window page by page and hands each page to fn. The
// next page is read while fn works on the current one, so the store and
// the detector overlap, and at most three pages are in memory. Every page
// is a heartbeat carrying how many events were read, so a stuck store read
// is noticed and retried on another worker. An error of fn is returned
// unwrapped.
func (a *Activities) streamWindow(ctx context.Context, in WindowInput, fn func([]*huntflow.Event) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	size := a.PageSize
	if size <= 0 {
		size = DefaultPageSize
	}
	pages := make(chan []*huntflow.Event, 1)
	readErr := make(chan error, 1)
	go func() {
		defer close(pages)
		readErr <- a.Store.SearchPages(ctx, in.query(), size, func(page []*huntflow.Event) error {
			select {
			case pages <- page:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	var fnErr error
	read := 0
	for page := range pages {
		if fnErr != nil {
			continue // drain until the reader sees the cancellation
		}
		if fnErr = fn(page); fnErr != nil {
			cancel()
			continue
		}
		read += len(page)
		recordHeartbeat(ctx, read)
	}
	err := <-readErr
	if fnErr != nil {
		return fnErr
	}
	if err != nil {
		return fmt.Errorf("read window %s: %w", in.Window, err)
	}
	return nil
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
	pick := newPromptPicker(in.Findings, MaxPromptEvents)
	err := a.streamWindow(ctx, in.WindowInput, func(page []*huntflow.Event) error {
		for _, e := range page {
			pick.add(e)
		}
		return nil
	})
	if err != nil {
		return huntflow.Classification{}, err
	}
	refs, total := pick.refs(), pick.total
	var c huntflow.Classification
	err = a.withLLM(ctx, func() error {
		var err error
		c, err = a.Reasoner.Classify(ctx, huntflow.ClassifyInput{Window: in.Window, Events: refs, Total: total, Findings: in.Findings})
		return err
	})
	if err != nil {
		return huntflow.Classification{}, a.llmError("llm classify", err)
	}
	if c.Usage != nil {
		a.metrics().LLMTokens(c.Usage.PromptTokens, c.Usage.CompletionTokens)
	}
	trimClassification(&c, MaxPayload)
	return c, nil
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

// ErrLLMRateLimited is the error type of a 429 whose Retry-After sets
// the next attempt's delay.
const ErrLLMRateLimited = "LLMRateLimited"

// llmError keeps transient LLM failures retryable and makes final ones
// (bad key, unknown model, unparseable replies) fail the step at once.
// Temporal owns the retries: a rate limit's Retry-After becomes the next
// attempt's delay.
func (a *Activities) llmError(step string, err error) error {
	// A cancelled or timed-out call (a worker shutting down, a slow model)
	// is worth another attempt, whatever the client makes of it.
	interrupted := errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
	if a.LLMRetryable != nil && !a.LLMRetryable(err) && !interrupted {
		return temporal.NewNonRetryableApplicationError(fmt.Sprintf("%s: %v", step, err), ErrLLMPermanent, nil)
	}
	if a.LLMRetryAfter != nil {
		if d := a.LLMRetryAfter(err); d > 0 {
			return temporal.NewApplicationErrorWithOptions(fmt.Sprintf("%s: %v", step, err), ErrLLMRateLimited,
				temporal.ApplicationErrorOptions{NextRetryDelay: min(d, 2*time.Minute)})
		}
	}
	return fmt.Errorf("%s: %w", step, err)
}

// promptEvents picks what the LLM sees: the events findings cite first, then
// process creations, then the rest, in time order, up to max.
func promptEvents(events []*huntflow.Event, findings []huntflow.Finding, max int) []huntflow.EventRef {
	p := newPromptPicker(findings, max)
	for _, e := range events {
		p.add(e)
	}
	return p.refs()
}

// promptPicker makes promptEvents' choice over a stream of events in time
// order, keeping at most max references per rank: the first max of a rank
// are all a later choice can take from it.
type promptPicker struct {
	cited  map[string]bool
	max    int
	byRank [4][]huntflow.EventRef
	total  int
}

func newPromptPicker(findings []huntflow.Finding, max int) *promptPicker {
	p := &promptPicker{cited: map[string]bool{}, max: max}
	for _, f := range findings {
		for _, r := range f.Events {
			p.cited[r.ID] = true
		}
	}
	return p
}

func (p *promptPicker) rank(e *huntflow.Event) int {
	switch {
	case p.cited[e.ID]:
		return 0
	case e.EventID == 1 || e.EventID == 4688:
		return 1
	case e.EventID == 10 || e.EventID == 8 || e.EventID == 4104 || e.EventID == 7045 || e.EventID == 4698:
		return 2
	}
	return 3
}

func (p *promptPicker) add(e *huntflow.Event) {
	p.total++
	r := p.rank(e)
	if len(p.byRank[r]) < p.max {
		ref := e.Ref()
		// Target may be cut from the event's field block; a copy lets the
		// block go with its page.
		ref.Target = strings.Clone(ref.Target)
		p.byRank[r] = append(p.byRank[r], ref)
	}
}

func (p *promptPicker) refs() []huntflow.EventRef {
	picked := make([]huntflow.EventRef, 0, p.max)
	for _, refs := range p.byRank {
		picked = append(picked, refs[:min(len(refs), p.max-len(picked))]...)
	}
	sort.SliceStable(picked, func(i, j int) bool { return picked[i].Time.Before(picked[j].Time) })
	return picked
}

func capStrings(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
