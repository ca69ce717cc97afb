package huntflow

import (
	"encoding/json"
	"fmt"
	"time"
)

// requestJSON is HuntRequest as it appears in JSON: durations as Go duration
// strings ("5m0s") so a request reads well in the Temporal Web UI and can be
// written by hand (`temporal workflow start --input '{"start":…,"window":"10m"}'`).
type requestJSON struct {
	Start             *time.Time `json:"start,omitempty"` // absent for scheduled hunts
	Window            duration   `json:"window"`
	Threshold         float64    `json:"threshold"`
	MaxIterations     int        `json:"max_iterations"`
	EnrichRadius      duration   `json:"enrich_radius"`
	MaxEnrichFindings int        `json:"max_enrich_findings"`
	MaxRelated        int        `json:"max_related"`
	Host              string     `json:"host,omitempty"`
	Lookback          duration   `json:"lookback,omitempty"`
	Lag               duration   `json:"lag,omitempty"`
	QueryLanguages    []string   `json:"query_languages,omitempty"`
	LocalTime         bool       `json:"local_time,omitempty"`
}

// MarshalJSON writes durations as strings.
func (r HuntRequest) MarshalJSON() ([]byte, error) {
	var start *time.Time
	if !r.Start.IsZero() {
		start = &r.Start
	}
	return json.Marshal(requestJSON{
		Start: start, Window: duration(r.Window), Threshold: r.Threshold, MaxIterations: r.MaxIterations,
		EnrichRadius: duration(r.EnrichRadius), MaxEnrichFindings: r.MaxEnrichFindings, MaxRelated: r.MaxRelated,
		Host: r.Host, Lookback: duration(r.Lookback), Lag: duration(r.Lag), QueryLanguages: r.QueryLanguages, LocalTime: r.LocalTime,
	})
}

// UnmarshalJSON reads durations written as strings ("10m") or, as older
// hunts recorded them, as nanoseconds.
func (r *HuntRequest) UnmarshalJSON(b []byte) error {
	var j requestJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	var start time.Time
	if j.Start != nil {
		start = *j.Start
	}
	*r = HuntRequest{
		Start: start, Window: time.Duration(j.Window), Threshold: j.Threshold, MaxIterations: j.MaxIterations,
		EnrichRadius: time.Duration(j.EnrichRadius), MaxEnrichFindings: j.MaxEnrichFindings, MaxRelated: j.MaxRelated,
		Host: j.Host, Lookback: time.Duration(j.Lookback), Lag: time.Duration(j.Lag), QueryLanguages: j.QueryLanguages, LocalTime: j.LocalTime,
	}
	return nil
}

type duration time.Duration

func (d duration) MarshalJSON() ([]byte, error) {
	return json.Marshal(time.Duration(d).String())
}

func (d *duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		v, err := time.ParseDuration(s)
		if err != nil {
			return fmt.Errorf("bad duration %q: %w", s, err)
		}
		*d = duration(v)
		return nil
	}
	var n int64
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("duration: want a string such as \"5m\" or nanoseconds, got %s", b)
	}
	*d = duration(n)
	return nil
}
