package huntflow

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseTime(t *testing.T) {
	utc := func(s string) time.Time {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			panic(err)
		}
		return t.UTC()
	}
	tests := []struct {
		in   string
		want time.Time
		bad  bool
	}{
		{in: "2020-05-01T23:22:00", want: utc("2020-05-01T23:22:00Z")},
		{in: "2020-05-01T23:22", want: utc("2020-05-01T23:22:00Z")},
		{in: "2020-05-01 23:22:00", want: utc("2020-05-01T23:22:00Z")},
		{in: "2020-05-01T23:22:00.250", want: utc("2020-05-01T23:22:00.25Z")},
		{in: "2020-05-01T23:22:00Z", want: utc("2020-05-01T23:22:00Z")},
		{in: "2020-05-01T19:22:00-04:00", want: utc("2020-05-01T23:22:00Z")},
		{in: "2020-05-02T01:22:00+02:00", want: utc("2020-05-01T23:22:00Z")},
		{in: "2020-05-01", want: utc("2020-05-01T00:00:00Z")},
		{in: "", bad: true},
		{in: "yesterday", bad: true},
		{in: "2020-13-01T00:00:00", bad: true},
		{in: "05/01/2020 23:22", bad: true},
	}
	for _, tt := range tests {
		got, err := ParseTime(tt.in)
		if tt.bad {
			if err == nil {
				t.Errorf("ParseTime(%q) = %v, want error", tt.in, got)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseTime(%q): %v", tt.in, err)
			continue
		}
		if !got.Equal(tt.want) || got.Location() != time.UTC {
			t.Errorf("ParseTime(%q) = %v, want %v in UTC", tt.in, got, tt.want)
		}
	}
}

func TestWindowNextIsContiguous(t *testing.T) {
	w := Window{Start: time.Date(2020, 5, 1, 23, 22, 0, 0, time.UTC), End: time.Date(2020, 5, 1, 23, 27, 0, 0, time.UTC)}
	for i := 0; i < 5; i++ {
		n := w.Next()
		if !n.Start.Equal(w.End) || n.End.Sub(n.Start) != w.End.Sub(w.Start) {
			t.Fatalf("Next(%v) = %v: want contiguous window of the same length", w, n)
		}
		w = n
	}
}

func TestRequestDefaultsAndValidate(t *testing.T) {
	r := HuntRequest{Start: time.Date(2020, 5, 1, 0, 0, 0, 0, time.UTC)}.WithDefaults()
	if r.Window != DefaultWindow || r.Threshold != DefaultThreshold || r.MaxIterations != DefaultMaxIterations {
		t.Fatalf("defaults not applied: %+v", r)
	}
	if err := r.Validate(); err != nil {
		t.Fatalf("valid request rejected: %v", err)
	}
	bad := []HuntRequest{
		{},
		{Start: r.Start, Window: time.Minute, Threshold: 1.5, MaxIterations: 1},
		{Start: r.Start, Window: time.Minute, Threshold: 0.5, MaxIterations: -1},
		{Start: r.Start, Window: 48 * time.Hour, Threshold: 0.5, MaxIterations: 1},
		{Start: r.Start, Window: time.Minute, Threshold: 0.5, MaxIterations: MaxIterationsLimit + 1},
		{Start: r.Start, Threshold: math.NaN()},
		{Start: r.Start, Threshold: -0.5},
		{Start: r.Start, Window: -time.Minute},
		{Start: r.Start, EnrichRadius: -time.Minute},
		{Start: r.Start, MaxEnrichFindings: -1},
		{Start: r.Start, MaxRelated: -3},
		{Start: r.Start, Lookback: -time.Hour},
		{Start: r.Start, QueryLanguages: []string{"splunk"}},
		// Past year 9999 a window's end cannot be encoded.
		{Start: time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)},
		{Start: time.Date(9999, 12, 30, 23, 0, 0, 0, time.UTC), Window: 24 * time.Hour, MaxIterations: 2},
		{Start: time.Date(1, 1, 1, 0, 0, 1, 0, time.UTC)},
	}
	for _, b := range bad {
		// As the workflow does: defaults, then validation.
		if err := b.WithDefaults().Validate(); err == nil {
			t.Errorf("Validate(%+v) = nil, want error", b)
		}
	}
	edge := HuntRequest{Start: time.Date(9999, 12, 30, 0, 0, 0, 0, time.UTC), Window: 12 * time.Hour, MaxIterations: 2}.WithDefaults()
	if err := edge.Validate(); err != nil {
		t.Errorf("a hunt ending on the last day is valid: %v", err)
	}
}

func TestHuntRequestJSON(t *testing.T) {
	r := HuntRequest{Start: time.Date(2020, 5, 1, 23, 22, 0, 0, time.UTC), Window: 10 * time.Minute, Threshold: 0.5,
		MaxIterations: 5, EnrichRadius: 5 * time.Minute, MaxEnrichFindings: 20, MaxRelated: 10, Lookback: time.Hour,
		QueryLanguages: []string{LangKibana, LangSentinel}}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"window":"10m0s"`) || !strings.Contains(string(b), `"lookback":"1h0m0s"`) {
		t.Fatalf("durations not written as strings: %s", b)
	}
	var back HuntRequest
	if err := json.Unmarshal(b, &back); err != nil || !reflect.DeepEqual(back, r) {
		t.Fatalf("round trip: %+v, %v", back, err)
	}
	tests := []struct {
		in   string
		want time.Duration
		bad  bool
	}{
		{in: `{"start":"2020-05-01T23:22:00Z","window":"90s"}`, want: 90 * time.Second},
		{in: `{"start":"2020-05-01T23:22:00Z","window":300000000000}`, want: 5 * time.Minute}, // as older histories hold it
		{in: `{"start":"2020-05-01T23:22:00Z","window":"soon"}`, bad: true},
		{in: `{"start":"2020-05-01T23:22:00Z","window":true}`, bad: true},
	}
	for _, tt := range tests {
		var got HuntRequest
		err := json.Unmarshal([]byte(tt.in), &got)
		if tt.bad != (err != nil) || (!tt.bad && got.Window != tt.want) {
			t.Errorf("Unmarshal(%s) = %v, %v", tt.in, got.Window, err)
		}
	}
}

func TestScheduledRequestHasNoStart(t *testing.T) {
	b, err := json.Marshal(HuntRequest{Lookback: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), `"start"`) {
		t.Fatalf("a request without a start writes one: %s", b)
	}
	var r HuntRequest
	if err := json.Unmarshal(b, &r); err != nil || !r.Start.IsZero() || r.Lookback != time.Hour {
		t.Fatalf("round trip: %+v %v", r, err)
	}
}
