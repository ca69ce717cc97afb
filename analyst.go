package huntflow

import "context"

// Detector is the deterministic analyst: a detection engine that turns a
// window of events into findings. It needs no network and always runs.
type Detector interface {
	Detect(ctx context.Context, w Window, events []*Event) (Classification, error)
	// NewSession starts classifying a window whose events arrive in pages,
	// so a window far larger than memory can be streamed from the store.
	// Fed the same events, a session finds what Detect finds.
	NewSession(w Window) DetectSession
}

// DetectSession classifies one window fed page by page. It keeps only
// what the verdict needs (per-process context, counters, capped samples),
// never the pages themselves. It is not safe for concurrent use.
type DetectSession interface {
	// Add feeds the next page. Pages must follow each other in time order
	// (as stores return them); a page itself may be unsorted. Add does not
	// keep the slice.
	Add(ctx context.Context, events []*Event) error
	// Finish ends the window and returns its classification. The session
	// cannot be used afterwards.
	Finish(ctx context.Context) (Classification, error)
}

// Reasoner is the LLM analyst that adds reasoning on top of the detector.
// Everything it reads from events is attacker-controlled data; what it
// returns is validated and never replaces the detector's findings.
type Reasoner interface {
	Name() string
	// Classify reviews a window: the events (projected, capped) and the
	// findings the detector already made. It returns additional findings and
	// its own category and confidence.
	Classify(ctx context.Context, in ClassifyInput) (Classification, error)
	// MapTechniques proposes ATT&CK techniques for findings.
	MapTechniques(ctx context.Context, findings []Finding) ([]TechniqueHit, error)
	// WriteReport writes the incident report in Markdown with the same
	// section structure as the template report.
	WriteReport(ctx context.Context, result HuntResult) (string, error)
}

// ClassifyInput is what the LLM analyst sees of one window.
type ClassifyInput struct {
	Window   Window     `json:"window"`
	Events   []EventRef `json:"events"`
	Total    int        `json:"total"` // events in the window; Events may be a sample
	Findings []Finding  `json:"findings"`
}
