package activities

import "github.com/huntflow/huntflow"

// Metrics receives what the hunt's steps count, for the worker's metrics
// endpoint. Activities.Metrics may be nil: nothing is counted then. A step
// that Temporal retries after it counted may count twice; the figures are
// for dashboards, the hunt's result is the record.
type Metrics interface {
	// WindowClassified counts a window the detection engine read, with
	// its events.
	WindowClassified(events int)
	// HuntReported counts a hunt whose report was saved, by threat level,
	// with its findings by severity.
	HuntReported(threatLevel huntflow.Severity, findings []huntflow.Finding)
	// LLMTokens counts tokens an LLM call used. The activities do not see
	// them (the analyst does); an analyst that reports usage is handed
	// this method when the worker is wired (see app).
	LLMTokens(prompt, completion int)
}

// TokenCounting is implemented by an LLM analyst that can report what each
// call used: the worker hands it Metrics.LLMTokens once, when it is wired,
// and the analyst calls it after every completion (from any goroutine).
type TokenCounting interface {
	CountTokens(func(prompt, completion int))
}

type noMetrics struct{}

func (noMetrics) WindowClassified(int)                               {}
func (noMetrics) HuntReported(huntflow.Severity, []huntflow.Finding) {}
func (noMetrics) LLMTokens(int, int)                                 {}

func (a *Activities) metrics() Metrics {
	if a.Metrics == nil {
		return noMetrics{}
	}
	return a.Metrics
}
