package elastic

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/huntflow/huntflow"
)

// The live tests run the store against a real cluster when ELASTICSEARCH_URL
// is set, e.g. with the compose stack:
//
//	docker compose up -d elasticsearch
//	ELASTICSEARCH_URL=http://localhost:9200 go test ./elastic -run Live -v
//
// They use a fresh index (and template) named huntflow-test-<time> and
// delete both at the end.
func liveStore(t *testing.T) *Store {
	t.Helper()
	cfg, ok := ConfigFromEnv(os.Getenv)
	if !ok {
		t.Skip("ELASTICSEARCH_URL (or ELASTICSEARCH_CLOUD_ID) not set; skipping live Elasticsearch test")
	}
	cfg.Index = fmt.Sprintf("huntflow-test-%d", time.Now().UnixNano())
	cfg.Mapping = SysmonMapping
	cfg.ECSCopies = true
	ctx := context.Background()
	s, err := Open(ctx, cfg, slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if res, err := s.client.Indices.Delete([]string{cfg.Index}); err == nil {
			res.Body.Close()
		}
		if res, err := s.client.Indices.DeleteIndexTemplate(cfg.Index); err == nil {
			res.Body.Close()
		}
		s.Close(ctx)
	})
	if err := s.EnsureTemplate(ctx); err != nil {
		t.Fatal(err)
	}
	return s
}

func refresh(t *testing.T, s *Store) {
	t.Helper()
	res, err := s.client.Indices.Refresh(s.client.Indices.Refresh.WithIndex(s.cfg.Index))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.IsError() {
		t.Fatal(responseError(res))
	}
}

func TestLiveWriteSearchStats(t *testing.T) { testWriteSearchStats(t, liveStore(t)) }

// TestWriteSearchStats runs the live test's round trip against the fake.
func TestWriteSearchStats(t *testing.T) {
	f := newFakeES(t)
	f.index = "huntflow-roundtrip"
	testWriteSearchStats(t, openTest(t, f, func(c *Config) { c.Index = f.index; c.ECSCopies = true }))
}

// testWriteSearchStats writes events, reads them back and checks they are
// the same events: through point-in-time pages, a process pivot, stats and
// stacking.
func testWriteSearchStats(t *testing.T, s *Store) {
	ctx := context.Background()
	const n = 2500 // more than two pages: exercises point in time
	batch := events(n)
	added, err := s.Write(ctx, batch)
	if err != nil || added != n {
		t.Fatalf("Write: added %d of %d: %v", added, n, err)
	}
	if added, err := s.Write(ctx, batch[:100]); err != nil || added != 0 {
		t.Fatalf("re-ingest: added %d, err %v; want 0, nil", added, err)
	}
	refresh(t, s)

	window := huntflow.Query{Start: t0.In(time.FixedZone("X", 3*3600)), End: t0.Add(time.Hour)}
	seen := map[string]bool{}
	var last time.Time
	err = s.Search(ctx, window, func(e *huntflow.Event) error {
		if seen[e.ID] {
			return fmt.Errorf("event %s read twice", e.ID)
		}
		seen[e.ID] = true
		if e.Time.Before(last) {
			return fmt.Errorf("event %s out of order", e.ID)
		}
		last = e.Time
		return nil
	})
	if err != nil || len(seen) != n {
		t.Fatalf("Search: read %d of %d: %v", len(seen), n, err)
	}

	host := strings.ToLower(batch[3].Host)
	var got []*huntflow.Event
	err = s.Search(ctx, huntflow.Query{Host: host, ProcessID: batch[3].ProcessID, EventIDs: []int{1}}, func(e *huntflow.Event) error {
		got = append(got, e)
		return nil
	})
	if err != nil || len(got) == 0 {
		t.Fatalf("pivot on host %s pid %d: %d events, err %v", host, batch[3].ProcessID, len(got), err)
	}
	for _, e := range got {
		if e.Host != batch[3].Host || e.ProcessID != batch[3].ProcessID || e.EventID != 1 {
			t.Errorf("pivot returned %s host %s pid %d", e.ID, e.Host, e.ProcessID)
		}
	}
	// What comes back is what went in.
	want := batch[3]
	var back *huntflow.Event
	for _, e := range got {
		if e.ID == want.ID {
			back = e
		}
	}
	if back == nil {
		t.Fatalf("event %s not found by its host and pid", want.ID)
	}
	if !back.Time.Equal(want.Time) || back.CommandLine != want.CommandLine || back.Image != want.Image ||
		back.ProcessGUID != want.ProcessGUID || back.ParentImage != want.ParentImage || back.User != want.User ||
		back.LocalTime != want.LocalTime || back.Fields["Hashes"] == "" {
		t.Errorf("round trip changed the event:\n got  %+v\n want %+v", *back, want)
	}

	st, err := s.Stats(ctx, window)
	if err != nil || st.Events != n || len(st.Hosts) != 20 || !st.First.Equal(t0) {
		t.Fatalf("Stats %+v, err %v", st, err)
	}
	stack, err := s.Stack(ctx, window, "Hostname", 3)
	if err != nil || len(stack) != 3 {
		t.Fatalf("Stack %v, err %v", stack, err)
	}
}
