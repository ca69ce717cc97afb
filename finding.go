package huntflow

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Severity ranks findings and hunts. Its names are Sigma's rule levels.
type Severity int

const (
	SeverityNone Severity = iota
	SeverityInformational
	SeverityLow
	SeverityMedium
	SeverityHigh
	SeverityCritical
)

var severityNames = [...]string{"none", "informational", "low", "medium", "high", "critical"}

func (s Severity) String() string {
	if s < 0 || int(s) >= len(severityNames) {
		return fmt.Sprintf("severity(%d)", int(s))
	}
	return severityNames[s]
}

// ParseSeverity reads a Sigma level or a threat level name.
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "none":
		return SeverityNone, nil
	case "informational", "info":
		return SeverityInformational, nil
	case "low":
		return SeverityLow, nil
	case "medium", "moderate":
		return SeverityMedium, nil
	case "high":
		return SeverityHigh, nil
	case "critical":
		return SeverityCritical, nil
	}
	return SeverityNone, fmt.Errorf("unknown severity %q", s)
}

func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Finding is one suspicious behaviour: the events it rests on, what it
// means in ATT&CK terms and how sure the analyst is.
type Finding struct {
	// ID is stable for the same rule on the same process, so the same
	// behaviour seen in two windows merges into one finding.
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Description string   `json:"description,omitempty"`
	Severity    Severity `json:"severity"`
	Confidence  float64  `json:"confidence"`
	// Source names what produced the finding: "sigma", "stacking", "llm".
	Source string `json:"source"`
	// RuleID and RuleTitle name the detection rule, where one matched.
	RuleID    string `json:"rule_id,omitempty"`
	RuleTitle string `json:"rule_title,omitempty"`
	// Techniques are ATT&CK technique IDs (T1003, T1003.001), Tactics ATT&CK
	// tactic short names (credential-access).
	Techniques []string `json:"techniques,omitempty"`
	Tactics    []string `json:"tactics,omitempty"`

	Host        string    `json:"host,omitempty"`
	ProcessGUID string    `json:"process_guid,omitempty"`
	ProcessID   int64     `json:"process_id,omitempty"`
	Image       string    `json:"image,omitempty"`
	CommandLine string    `json:"command_line,omitempty"`
	User        string    `json:"user,omitempty"`
	FirstSeen   time.Time `json:"first_seen"`
	LastSeen    time.Time `json:"last_seen"`
	// SeenBefore names the earlier hunt of the same schedule that first
	// reported this finding (same rule, same process); empty when new.
	SeenBefore string `json:"seen_before,omitempty"`
	// Events are the events the finding rests on, capped at MaxFindingEvents;
	// EventCount is how many occurrences there were in all: one process
	// launch logged by both Sysmon and Security is one occurrence and two
	// cited events.
	Events     []EventRef `json:"events"`
	EventCount int        `json:"event_count"`
	// Detections lists the rules behind a finding that merges several
	// detections of one process tree, each with its own severity and
	// techniques; empty for a single detection.
	Detections []Detection `json:"detections,omitempty"`
}

// Detection is one rule's part in a merged finding.
type Detection struct {
	RuleID     string   `json:"rule_id"`
	Title      string   `json:"title"`
	Severity   Severity `json:"severity"`
	Techniques []string `json:"techniques,omitempty"`
	EventCount int      `json:"event_count"`
	// Images are the base names of the processes the rule fired on.
	Images []string `json:"images,omitempty"`
}

// SortFindings orders findings most severe first, then by first sight and
// ID, so the order never depends on map iteration or input order.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Severity != b.Severity {
			return a.Severity > b.Severity
		}
		if !a.FirstSeen.Equal(b.FirstSeen) {
			return a.FirstSeen.Before(b.FirstSeen)
		}
		return a.ID < b.ID
	})
}

// CapRefs returns at most n of refs.
func CapRefs(refs []EventRef, n int) []EventRef {
	if len(refs) > n {
		return refs[:n]
	}
	return refs
}

// MaxFindingEvents caps the events a finding cites.
const MaxFindingEvents = 10

// Window is a half-open time range [Start, End) in UTC.
type Window struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

func (w Window) String() string {
	return w.Start.UTC().Format(time.RFC3339) + "/" + w.End.UTC().Format(time.RFC3339)
}

// Next returns the window of the same length that starts where w ends: no
// gap, no overlap.
func (w Window) Next() Window {
	return Window{Start: w.End, End: w.End.Add(w.End.Sub(w.Start))}
}

// Classification is an analyst's verdict on one window of events.
type Classification struct {
	Window        Window    `json:"window"`
	EventsScanned int       `json:"events_scanned"`
	Findings      []Finding `json:"findings"`
	// Category is the ATT&CK tactic (or "benign") that best describes what
	// was found; Confidence in [0,1] is how sure the analyst is that the
	// window holds malicious activity.
	Category   string  `json:"category"`
	Confidence float64 `json:"confidence"`
	Analyst    string  `json:"analyst"`
	// Notes carry what the analyst wants the hunter to know, e.g. that the
	// LLM's reply could not be parsed and only the rules' verdict stands.
	Notes []string `json:"notes,omitempty"`
	// Usage is what an LLM review cost, nil for the rules.
	Usage *LLMUsage `json:"llm_usage,omitempty"`
}

// TechniqueHit is one ATT&CK technique the hunt found, with the findings
// that show it.
type TechniqueHit struct {
	ID       string   `json:"id"`
	Name     string   `json:"name,omitempty"`
	Tactics  []string `json:"tactics,omitempty"`
	Severity Severity `json:"severity"`
	Findings []string `json:"findings"`
	// Source: "rule" for IDs from rule tags, "llm" for IDs the LLM proposed
	// (validated against the catalogue).
	Source string `json:"source"`
	// NewerThanCatalogue marks a rule's tag from a later ATT&CK release
	// than the catalogue (no name or tactics known): kept, not validated.
	NewerThanCatalogue bool `json:"newer_than_catalogue,omitempty"`
	// Events are the events an LLM proposal cites as its evidence.
	Events []string `json:"events,omitempty"`
}

// Enrichment is the context gathered around one finding: what else its
// process did and what else happened on its host around that time.
type Enrichment struct {
	FindingID string `json:"finding_id"`
	Host      string `json:"host"`
	Window    Window `json:"window"`
	// HostEvents and ProcessEvents count the events in Window on the host and
	// of the finding's process; Process and Host hold samples (capped).
	HostEvents    int        `json:"host_events"`
	ProcessEvents int        `json:"process_events"`
	Process       []EventRef `json:"process,omitempty"`
	HostSample    []EventRef `json:"host_sample,omitempty"`
	// Children are processes the finding's process started.
	Children []EventRef `json:"children,omitempty"`
	// Parent is the creation event of the process's parent, when found.
	Parent *EventRef `json:"parent,omitempty"`
	// TopEventIDs counts the host's events by EventID in Window.
	TopEventIDs map[int]int `json:"top_event_ids,omitempty"`
}

// HuntRequest is what a hunter asks for. Zero values take the defaults.
type HuntRequest struct {
	// Start is where the first window begins (UTC).
	Start time.Time `json:"start"`
	// Window is the length of each window; the loop reads contiguous windows.
	Window        time.Duration `json:"window"`
	Threshold     float64       `json:"threshold"`
	MaxIterations int           `json:"max_iterations"`
	// EnrichRadius is how far around a finding enrichment looks (±).
	EnrichRadius time.Duration `json:"enrich_radius"`
	// MaxEnrichFindings caps how many findings are enriched; MaxRelated caps
	// the events each enrichment carries.
	MaxEnrichFindings int `json:"max_enrich_findings"`
	MaxRelated        int `json:"max_related"`
	// Host restricts the hunt to one host, when set.
	Host string `json:"host,omitempty"`
	// Lookback, for scheduled hunts: when Start is zero the hunt starts this
	// long before the workflow's start time, so each scheduled run covers
	// the period just before it.
	Lookback time.Duration `json:"lookback,omitempty"`
	// Lag, for scheduled hunts: each run hunts the slot that ended this
	// long before its scheduled time, so late-arriving logs are in the
	// store when it reads them: [scheduled − Lookback − Lag, scheduled − Lag).
	Lag time.Duration `json:"lag,omitempty"`
	// QueryLanguages are the languages of the report's hunting queries
	// (LangKibana, LangEQL, LangSentinel); empty means
	// DefaultQueryLanguages.
	QueryLanguages []string `json:"query_languages,omitempty"`
	// LocalTime says Start was given without an offset and is the wall
	// clock of the hunted hosts' logs: the hunt reads it in their local time
	// when their logs agree on one offset (learnt from events that carry
	// both times), else as UTC, and says which in the result.
	LocalTime bool `json:"local_time,omitempty"`
}

// Defaults of a hunt, as in the original notebook.
const (
	DefaultWindow            = 5 * time.Minute
	DefaultThreshold         = 0.5
	DefaultMaxIterations     = 5
	DefaultEnrichRadius      = 5 * time.Minute
	DefaultMaxEnrichFindings = 20
	DefaultMaxRelated        = 10
)

// MaxIterationsLimit bounds the confidence loop: each window adds up to a
// few hundred KB to the workflow's history, which Temporal caps at 50 MB.
const MaxIterationsLimit = 50

// WithDefaults fills zero fields with the defaults.
func (r HuntRequest) WithDefaults() HuntRequest {
	// Only zero means "default": a negative value is a mistake Validate
	// reports, never one to paper over.
	if r.Window == 0 {
		r.Window = DefaultWindow
	}
	if r.Threshold == 0 {
		r.Threshold = DefaultThreshold
	}
	if r.MaxIterations == 0 {
		r.MaxIterations = DefaultMaxIterations
	}
	if r.EnrichRadius == 0 {
		r.EnrichRadius = DefaultEnrichRadius
	}
	if r.MaxEnrichFindings == 0 {
		r.MaxEnrichFindings = DefaultMaxEnrichFindings
	}
	if r.MaxRelated == 0 {
		r.MaxRelated = DefaultMaxRelated
	}
	return r
}

// Bounds of the time a hunt may cover: JSON (and so Temporal's history)
// cannot encode times past year 9999, and the stores count time in
// nanoseconds around 1970.
var (
	minHuntTime = time.Date(1, 1, 2, 0, 0, 0, 0, time.UTC)
	maxHuntTime = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
)

// Span is the whole time a hunt may read: MaxIterations contiguous windows
// from Start.
func (r HuntRequest) Span() (start, end time.Time) {
	return r.Start, r.Start.Add(r.Window * time.Duration(r.MaxIterations))
}

// Validate reports a request that cannot be hunted.
func (r HuntRequest) Validate() error {
	switch {
	case r.Start.IsZero():
		return fmt.Errorf("hunt request: start time (or a lookback) is required")
	case r.Window <= 0:
		return fmt.Errorf("hunt request: window must be positive, got %s", r.Window)
	case r.Window > 24*time.Hour:
		return fmt.Errorf("hunt request: window %s is longer than 24h", r.Window)
	case !(r.Threshold > 0 && r.Threshold <= 1): // NaN fails both
		return fmt.Errorf("hunt request: threshold must be in (0,1], got %g", r.Threshold)
	case r.MaxIterations < 1 || r.MaxIterations > MaxIterationsLimit:
		return fmt.Errorf("hunt request: max iterations must be 1..%d, got %d (use a longer --window to cover more time)", MaxIterationsLimit, r.MaxIterations)
	case r.EnrichRadius < 0:
		return fmt.Errorf("hunt request: enrichment radius must not be negative, got %s", r.EnrichRadius)
	case r.MaxEnrichFindings < 0:
		return fmt.Errorf("hunt request: max enriched findings must not be negative, got %d", r.MaxEnrichFindings)
	case r.MaxRelated < 0:
		return fmt.Errorf("hunt request: max related events must not be negative, got %d", r.MaxRelated)
	case r.Lookback < 0:
		return fmt.Errorf("hunt request: lookback must not be negative, got %s", r.Lookback)
	case r.Lag < 0:
		return fmt.Errorf("hunt request: lag must not be negative, got %s", r.Lag)
	}
	if start, end := r.Span(); start.Before(minHuntTime) || end.After(maxHuntTime) {
		return fmt.Errorf("hunt request: the hunt would read %s to %s; it must lie between %s and %s",
			start.UTC().Format(time.RFC3339), end.UTC().Format(time.RFC3339), minHuntTime.Format("2006-01-02"), maxHuntTime.Format("2006-01-02"))
	}
	for _, l := range r.QueryLanguages {
		if l != LangKibana && l != LangEQL && l != LangSentinel {
			return fmt.Errorf("hunt request: unknown query language %q (want %s, %s or %s)", l, LangKibana, LangEQL, LangSentinel)
		}
	}
	return nil
}

// HuntResult is what a hunt returns and what the report is written from.
type HuntResult struct {
	HuntID      string         `json:"hunt_id"`
	Request     HuntRequest    `json:"request"`
	Windows     []Window       `json:"windows"`
	Iterations  int            `json:"iterations"`
	Events      int            `json:"events_scanned"`
	Confidence  float64        `json:"confidence"`
	Category    string         `json:"category"`
	ThreatLevel Severity       `json:"threat_level"`
	Analyst     string         `json:"analyst"`
	Findings    []Finding      `json:"findings"`
	Techniques  []TechniqueHit `json:"techniques"`
	Enrichments []Enrichment   `json:"enrichments,omitempty"`
	Notes       []string       `json:"notes,omitempty"`
	ReportPath  string         `json:"report_path,omitempty"`
	JSONPath    string         `json:"json_path,omitempty"`
	LayerPath   string         `json:"layer_path,omitempty"`
	// Queries are the report's hunting queries with their hit counts.
	Queries []HuntingQuery `json:"queries,omitempty"`
	// Store names the kind of log store the hunt read ("sqlite",
	// "elasticsearch"), so the report's advice fits the stack.
	Store string `json:"store,omitempty"`
	// TimeReading says how a zone-less start time was read.
	TimeReading string `json:"time_reading,omitempty"`
	// Clocks are the hunted hosts' spans and clocks, kept when the hunt's
	// windows held no events, so the report can say where the data is.
	Clocks   []HostClock `json:"clocks,omitempty"`
	HTMLPath string      `json:"html_path,omitempty"`
	// Stopped says why the loop ended: "threshold" or "max-iterations".
	Stopped string `json:"stopped"`
	// Prose is what the LLM analyst wrote for the report, vetted against
	// the findings; nil without an LLM.
	Prose *ReportProse `json:"llm_prose,omitempty"`
	// LLMUsage is what the hunt spent on the LLM; nil without an LLM.
	LLMUsage *HuntUsage `json:"llm_usage,omitempty"`
}
