package metrics

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/activities"
)

var _ activities.Metrics = (*Metrics)(nil)

// fakeStore serves a fixed list of events; it fails when told to.
type fakeStore struct {
	events []*huntflow.Event
	fail   error
	delay  time.Duration
}

func (f *fakeStore) Search(ctx context.Context, q huntflow.Query, fn func(*huntflow.Event) error) error {
	time.Sleep(f.delay)
	if f.fail != nil {
		return f.fail
	}
	for _, e := range f.events {
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

func (f *fakeStore) SearchPages(ctx context.Context, q huntflow.Query, size int, fn func([]*huntflow.Event) error) error {
	time.Sleep(f.delay)
	if f.fail != nil {
		return f.fail
	}
	if len(f.events) == 0 {
		return nil
	}
	return fn(f.events)
}

func (f *fakeStore) Stats(ctx context.Context, q huntflow.Query) (huntflow.Stats, error) {
	if f.fail != nil {
		return huntflow.Stats{}, f.fail
	}
	return huntflow.Stats{Events: len(f.events)}, nil
}

type clockFake struct{ fakeStore }

func (c *clockFake) HostClocks(ctx context.Context, host string) ([]huntflow.HostClock, error) {
	return []huntflow.HostClock{{Host: "wks1"}}, nil
}

func scrape(t *testing.T, m *Metrics) map[string][]Sample {
	t.Helper()
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	fams, err := Scrape(srv.Client(), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return fams
}

func TestStoreDecorator(t *testing.T) {
	m := New()
	events := []*huntflow.Event{{ID: "a"}, {ID: "b"}, {ID: "c"}}
	s := m.Store(&fakeStore{events: events, delay: 20 * time.Millisecond}, "sqlite")
	broken := m.Store(&fakeStore{fail: errors.New("disk gone")}, "elasticsearch")
	ctx := context.Background()

	var got []string
	if err := s.Search(ctx, huntflow.Query{}, func(e *huntflow.Event) error { got = append(got, e.ID); return nil }); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Fatalf("decorator changed the events: %v", got)
	}
	// A caller that stops early gets its own error back and only what it read is counted.
	stop := errors.New("enough")
	if err := s.Search(ctx, huntflow.Query{}, func(*huntflow.Event) error { return stop }); !errors.Is(err, stop) {
		t.Fatalf("search error = %v, want the callback's", err)
	}
	if st, err := s.Stats(ctx, huntflow.Query{}); err != nil || st.Events != 3 {
		t.Fatalf("stats %v %v", st, err)
	}
	if err := broken.Search(ctx, huntflow.Query{}, func(*huntflow.Event) error { return nil }); err == nil {
		t.Fatal("the store's error was lost")
	}
	if _, err := broken.Stats(ctx, huntflow.Query{}); err == nil {
		t.Fatal("the store's error was lost")
	}

	fams := scrape(t, m)
	tests := []struct {
		family string
		labels map[string]string
		want   float64
	}{
		{"huntflow_store_query_seconds", map[string]string{"store": "sqlite", "op": "search"}, 2},
		{"huntflow_store_query_seconds", map[string]string{"store": "sqlite", "op": "stats"}, 1},
		{"huntflow_store_query_seconds", map[string]string{"store": "elasticsearch"}, 2},
		{"huntflow_store_query_errors_total", map[string]string{"store": "elasticsearch", "op": "search"}, 1},
		{"huntflow_store_query_errors_total", map[string]string{"store": "elasticsearch", "op": "stats"}, 1},
		{"huntflow_store_query_errors_total", map[string]string{"store": "sqlite"}, 0},
		{"huntflow_store_events_read_total", map[string]string{"store": "sqlite"}, 4}, // 3 + the 1 read before stopping
	}
	for _, tt := range tests {
		if got := Sum(fams[tt.family], tt.labels); got != tt.want {
			t.Errorf("%s%v = %g, want %g", tt.family, tt.labels, got, tt.want)
		}
	}
	// The 20 ms searches land in the buckets above 10 ms, not below.
	if sum := histogramSum(t, m, "sqlite", "search"); sum < 0.04 {
		t.Errorf("search latency sum %gs, want >= 0.04s for two 20 ms searches", sum)
	}
}

func histogramSum(t *testing.T, m *Metrics, store, op string) float64 {
	t.Helper()
	fams, err := m.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fams {
		if f.GetName() != "huntflow_store_query_seconds" {
			continue
		}
		for _, mt := range f.GetMetric() {
			l := map[string]string{}
			for _, p := range mt.GetLabel() {
				l[p.GetName()] = p.GetValue()
			}
			if l["store"] == store && l["op"] == op {
				return mt.GetHistogram().GetSampleSum()
			}
		}
	}
	t.Fatalf("no histogram for %s %s", store, op)
	return 0
}

func TestStoreDecoratorKeepsClockReader(t *testing.T) {
	m := New()
	if _, ok := m.Store(&fakeStore{}, "x").(huntflow.ClockReader); ok {
		t.Error("a store without clocks gained HostClocks")
	}
	s, ok := m.Store(&clockFake{}, "sqlite").(huntflow.ClockReader)
	if !ok {
		t.Fatal("the decorator hid the store's HostClocks")
	}
	if c, err := s.HostClocks(context.Background(), ""); err != nil || len(c) != 1 {
		t.Fatalf("HostClocks %v %v", c, err)
	}
	if got := Sum(scrape(t, m)["huntflow_store_query_seconds"], map[string]string{"op": "clocks"}); got != 1 {
		t.Errorf("clock reads timed %g times, want 1", got)
	}
}

func TestHuntCounters(t *testing.T) {
	m := New()
	m.WindowClassified(1200)
	m.WindowClassified(300)
	m.HuntReported(huntflow.SeverityCritical, []huntflow.Finding{{Severity: huntflow.SeverityCritical}, {Severity: huntflow.SeverityHigh}, {Severity: huntflow.SeverityHigh}})
	m.HuntReported(huntflow.SeverityNone, nil)
	m.LLMTokens(900, 120)
	m.LLMTokens(0, 0)
	fams := scrape(t, m)
	tests := []struct {
		family string
		labels map[string]string
		want   float64
	}{
		{"huntflow_windows_total", nil, 2},
		{"huntflow_window_events_total", nil, 1500},
		{"huntflow_hunts_total", map[string]string{"threat_level": "critical"}, 1},
		{"huntflow_hunts_total", map[string]string{"threat_level": "none"}, 1},
		{"huntflow_hunts_total", map[string]string{"threat_level": "high"}, 0},
		{"huntflow_findings_total", map[string]string{"severity": "high"}, 2},
		{"huntflow_findings_total", map[string]string{"severity": "critical"}, 1},
		{"huntflow_llm_tokens_total", map[string]string{"kind": "prompt"}, 900},
		{"huntflow_llm_tokens_total", map[string]string{"kind": "completion"}, 120},
	}
	for _, tt := range tests {
		if got := Sum(fams[tt.family], tt.labels); got != tt.want {
			t.Errorf("%s%v = %g, want %g", tt.family, tt.labels, got, tt.want)
		}
	}
	// Every threat level is exposed before any hunt reaches it.
	if n := len(fams["huntflow_hunts_total"]); n != 6 {
		t.Errorf("%d threat-level series, want 6", n)
	}
	if len(fams["go_goroutines"]) == 0 || len(fams["process_cpu_seconds_total"]) == 0 {
		t.Error("runtime and process collectors missing")
	}
}

// The SDK tags one metric with different label sets from different places;
// the scrape must still parse, with the union of labels.
func TestTemporalHandler(t *testing.T) {
	m := New()
	h := m.Temporal().WithTags(map[string]string{"namespace": "default"})
	h.Counter("temporal_request").Inc(1)
	h.WithTags(map[string]string{"operation": "StartWorkflowExecution"}).Counter("temporal_request").Inc(2)
	h.WithTags(map[string]string{"operation": "StartWorkflowExecution"}).Counter("temporal_request").Inc(3)
	h.WithTags(map[string]string{"task-queue": "huntflow"}).Gauge("temporal_num_pollers").Update(2)
	h.WithTags(map[string]string{"task-queue": "huntflow"}).Gauge("temporal_num_pollers").Update(4)
	timer := h.WithTags(map[string]string{"activity_type": "ClassifyWindow"}).Timer("temporal_activity_execution_latency")
	timer.Record(30 * time.Millisecond)
	timer.Record(2 * time.Second)
	timer.Record(time.Hour) // past the last bucket: counted in +Inf

	fams := scrape(t, m)
	tests := []struct {
		family string
		labels map[string]string
		want   float64
	}{
		{"temporal_request_total", map[string]string{"namespace": "default"}, 6},
		{"temporal_request_total", map[string]string{"operation": "StartWorkflowExecution"}, 5},
		{"temporal_request_total", map[string]string{"operation": ""}, 1},
		{"temporal_num_pollers", map[string]string{"task_queue": "huntflow"}, 4},
		{"temporal_activity_execution_latency_seconds", map[string]string{"activity_type": "ClassifyWindow", "namespace": "default"}, 3},
	}
	for _, tt := range tests {
		if got := Sum(fams[tt.family], tt.labels); got != tt.want {
			t.Errorf("%s%v = %g, want %g (scraped %v)", tt.family, tt.labels, got, tt.want, fams[tt.family])
		}
	}
	if got := histogramSumOf(t, m, "temporal_activity_execution_latency_seconds"); got < 3602 || got > 3603 {
		t.Errorf("timer sum %gs, want 3602.03", got)
	}
}

func histogramSumOf(t *testing.T, m *Metrics, name string) float64 {
	t.Helper()
	fams, err := m.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fams {
		if f.GetName() == name {
			return f.GetMetric()[0].GetHistogram().GetSampleSum()
		}
	}
	t.Fatalf("no %s", name)
	return 0
}

func TestScrapeErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "nope", http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	if _, err := Scrape(srv.Client(), srv.URL); err == nil {
		t.Fatal("a 503 scraped as metrics")
	}
}
