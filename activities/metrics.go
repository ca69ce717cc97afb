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
	// LLMTokens counts the tokens an LLM step used (the API's usage, else
	// the analyst's estimate).
	LLMTokens(prompt, completion int)
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
