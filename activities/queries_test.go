package activities

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/detect"
	"github.com/huntflow/huntflow/ingest"
	"github.com/huntflow/huntflow/kql"
)

func campaignEvents(t *testing.T) []huntflow.Event {
	t.Helper()
	var evs []huntflow.Event
	for _, name := range []string{"lsass_campaign.jsonl", "mimikatz_empire.jsonl", "benign.jsonl"} {
		f, err := os.Open(filepath.Join("..", "detect", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		for sc.Scan() {
			ev, err := ingest.Normalize(sc.Bytes())
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			evs = append(evs, ev)
		}
		f.Close()
	}
	return evs
}

// TestHuntingQueriesFindTheirFindings: every Kibana query of a real hunt
// parses, runs against the store, and a query derived from a finding finds
// at least that finding's events in the hunt's window.
func TestHuntingQueriesFindTheirFindings(t *testing.T) {
	ctx := context.Background()
	evs := campaignEvents(t)
	db := openStore(t, evs)
	det, err := detect.Default()
	if err != nil {
		t.Fatal(err)
	}
	ptrs := make([]*huntflow.Event, len(evs))
	w := huntflow.Window{Start: evs[0].Time, End: evs[0].Time}
	for i := range evs {
		ptrs[i] = &evs[i]
		if evs[i].Time.Before(w.Start) {
			w.Start = evs[i].Time
		}
		if evs[i].Time.After(w.End) {
			w.End = evs[i].Time
		}
	}
	w.End = w.End.Add(time.Second)
	cls, err := det.Detect(ctx, w, ptrs)
	if err != nil {
		t.Fatal(err)
	}
	if len(cls.Findings) == 0 {
		t.Fatal("the campaign produced no findings")
	}
	res := huntflow.HuntResult{HuntID: "q", Request: huntflow.HuntRequest{Start: w.Start}, Windows: []huntflow.Window{w}, Findings: cls.Findings}
	a := &Activities{Store: db}
	draft, err := a.WriteReport(ctx, ReportInput{Result: res})
	if err != nil {
		t.Fatal(err)
	}
	var kibana, fromFindings int
	for _, q := range draft.Queries {
		if q.Language != huntflow.LangKibana {
			continue
		}
		kibana++
		if _, err := kql.Parse(q.Text); err != nil {
			t.Errorf("query %q does not parse: %v", q.Title, err)
		}
		if q.RunError != "" || q.WindowHits == nil || q.StoreHits == nil {
			t.Errorf("query %q was not run: %s", q.Title, q.RunError)
			continue
		}
		if *q.StoreHits < *q.WindowHits {
			t.Errorf("query %q: %d hits in the window but %d in the store", q.Title, *q.WindowHits, *q.StoreHits)
		}
		if q.Finding != "" {
			fromFindings++
			if *q.WindowHits == 0 {
				t.Errorf("query %q of finding %s finds nothing in the hunt window:\n%s", q.Title, q.Finding, q.Text)
			}
		}
	}
	if kibana < 3 || fromFindings == 0 {
		t.Fatalf("%d Kibana queries, %d from findings: %+v", kibana, fromFindings, draft.Queries)
	}
	t.Logf("%d Kibana queries, %d from findings", kibana, fromFindings)
}
