package elastic

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/testsuite"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/activities"
	"github.com/huntflow/huntflow/attack"
	"github.com/huntflow/huntflow/detect"
	"github.com/huntflow/huntflow/ingest"
	"github.com/huntflow/huntflow/workflows"
)

// loadFixture normalises a JSON-lines fixture as ingest does.
func loadFixture(t *testing.T, path string) []huntflow.Event {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("open fixture: %v", err)
	}
	defer f.Close()
	var evs []huntflow.Event
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for line := 1; sc.Scan(); line++ {
		ev, err := ingest.Normalize(sc.Bytes())
		if err != nil {
			t.Fatalf("%s:%d: normalise: %v", path, line, err)
		}
		evs = append(evs, ev)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read fixture %s: %v", path, err)
	}
	if len(evs) == 0 {
		t.Fatalf("fixture %s is empty", path)
	}
	return evs
}

// timeRange is the @timestamp range filter of one recorded search.
type timeRange struct {
	gte, lt string
	stats   bool // a size-0 aggregation request (Store.Stats), not a read
}

// searchRanges pulls the @timestamp range of every recorded search.
func searchRanges(t *testing.T, f *fakeES) []timeRange {
	t.Helper()
	var out []timeRange
	for _, r := range f.recorded("POST", "/_search") {
		var body struct {
			Size  int             `json:"size"`
			Aggs  json.RawMessage `json:"aggs"`
			Query struct {
				Bool struct {
					Filter []struct {
						Range map[string]struct {
							Gte string `json:"gte"`
							Lt  string `json:"lt"`
						} `json:"range"`
					} `json:"filter"`
				} `json:"bool"`
			} `json:"query"`
		}
		if err := json.Unmarshal(r.Body, &body); err != nil {
			t.Fatalf("search body: %v: %s", err, r.Body)
		}
		// The report's hunting queries (KQL translated to DSL) count over
		// the hunt's span too; they are not the hunt's reads.
		var kinds struct {
			Query struct {
				Bool struct {
					Filter []map[string]json.RawMessage `json:"filter"`
				} `json:"bool"`
			} `json:"query"`
		}
		_ = json.Unmarshal(r.Body, &kinds)
		hunting := false
		for _, c := range kinds.Query.Bool.Filter {
			for k := range c {
				if k != "range" && k != "terms" && k != "term" {
					hunting = true
				}
			}
		}
		if hunting {
			continue
		}
		for _, clause := range body.Query.Bool.Filter {
			if rng, ok := clause.Range["@timestamp"]; ok {
				out = append(out, timeRange{gte: rng.Gte, lt: rng.Lt, stats: body.Size == 0 && body.Aggs != nil})
			}
		}
	}
	return out
}

// TestHuntWorkflowOverElasticsearch runs the whole hunt, with the real
// activities, the shipped rules and the ATT&CK catalogue, against the
// Elasticsearch store talking to the wire-format fake. The index holds the
// Meterpreter LSASS campaign and, days later, benign background activity
// that the hunt's windows must leave out.
func TestHuntWorkflowOverElasticsearch(t *testing.T) {
	campaign := loadFixture(t, filepath.Join("..", "detect", "testdata", "lsass_campaign.jsonl"))
	benign := loadFixture(t, filepath.Join("..", "detect", "testdata", "benign.jsonl"))

	f := newFakeES(t)
	// A small page makes the busiest window and the enrichment read through
	// point-in-time pages, as a production window of thousands would.
	s := openTest(t, f, func(c *Config) { c.PageSize = 50 })
	ctx := context.Background()
	all := append(slices.Clone(campaign), benign...)
	added, err := s.Write(ctx, all)
	if err != nil {
		t.Fatalf("Write: %v", err)
	}
	unique := map[string]bool{}
	first := campaign[0].Time
	for _, e := range campaign {
		unique[e.ID] = true
		if e.Time.Before(first) {
			first = e.Time
		}
	}
	campaignEvents := len(unique)
	for _, e := range benign {
		unique[e.ID] = true
	}
	if added != len(unique) {
		t.Fatalf("Write added %d events, want the %d distinct ones", added, len(unique))
	}

	det, err := detect.Default()
	if err != nil {
		t.Fatalf("load shipped rules: %v", err)
	}
	reportDir := t.TempDir()
	var suite testsuite.WorkflowTestSuite
	suite.SetLogger(log.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	env := suite.NewTestWorkflowEnvironment()
	env.RegisterWorkflow(workflows.HuntWorkflow)
	env.RegisterActivity(&activities.Activities{
		Store:            s,
		Detector:         det,
		Catalogue:        attack.Default(),
		ReportDir:        reportDir,
		Logger:           slog.New(slog.DiscardHandler),
		SearchAttributes: true,
	})

	// The payload runs at 09:54:31 and reads LSASS at 09:57:25. One-minute
	// windows with an unreachable threshold make the hunt walk four
	// contiguous windows from the first event, so the LSASS access is found
	// in the last one rather than the loop stopping on the first findings.
	req := huntflow.HuntRequest{
		Start:         first.UTC(),
		Window:        time.Minute,
		Threshold:     1,
		MaxIterations: 4,
	}
	env.ExecuteWorkflow(workflows.HuntWorkflow, req)
	if !env.IsWorkflowCompleted() {
		t.Fatal("hunt did not complete")
	}
	if err := env.GetWorkflowError(); err != nil {
		t.Fatalf("hunt failed: %v", err)
	}
	var res huntflow.HuntResult
	if err := env.GetWorkflowResult(&res); err != nil {
		t.Fatalf("decode hunt result: %v", err)
	}

	t.Run("windows", func(t *testing.T) {
		if res.Iterations != 4 || len(res.Windows) != 4 || res.Stopped != "max-iterations" {
			t.Fatalf("iterations %d, windows %d, stopped %q; want 4, 4, max-iterations", res.Iterations, len(res.Windows), res.Stopped)
		}
		if want := time.Date(2023, 8, 15, 9, 54, 12, 7_000_000, time.UTC); !res.Windows[0].Start.Equal(want) {
			t.Errorf("first window starts %s, want the first event %s", res.Windows[0].Start, want)
		}
		for i, w := range res.Windows {
			if w.End.Sub(w.Start) != time.Minute {
				t.Errorf("window %d is %s long", i, w.End.Sub(w.Start))
			}
			if i > 0 && !w.Start.Equal(res.Windows[i-1].End) {
				t.Errorf("window %d starts %s, previous ends %s: not contiguous", i, w.Start, res.Windows[i-1].End)
			}
		}
		// Every campaign event lies in the four windows; no benign one does.
		if res.Events != campaignEvents {
			t.Errorf("hunt scanned %d events, want the campaign's %d", res.Events, campaignEvents)
		}
	})

	t.Run("technique found", func(t *testing.T) {
		var hit *huntflow.TechniqueHit
		for i, h := range res.Techniques {
			if detect.ParentTechnique(h.ID) == "T1003" {
				hit = &res.Techniques[i]
			}
		}
		if hit == nil {
			var got []string
			for _, h := range res.Techniques {
				got = append(got, h.ID)
			}
			t.Fatalf("T1003 (OS Credential Dumping) not found; techniques %v", got)
		}
		if hit.Source != "rule" || hit.Name == "" || len(hit.Findings) == 0 {
			t.Errorf("T1003 hit %+v: want a named rule mapping with findings", *hit)
		}
		if res.ThreatLevel < huntflow.SeverityHigh || res.Confidence < 0.9 {
			t.Errorf("threat level %s, confidence %v; want at least high and 0.9", res.ThreatLevel, res.Confidence)
		}
		lsass := false
		for _, fd := range res.Findings {
			for _, e := range fd.Events {
				if e.EventID == 10 && strings.EqualFold(filepath.Base(strings.ReplaceAll(e.Target, `\`, "/")), "lsass.exe") {
					lsass = true
				}
			}
		}
		if !lsass {
			t.Error("no finding cites the process access (Sysmon 10) to lsass.exe")
		}

		md, err := os.ReadFile(res.ReportPath)
		if err != nil {
			t.Fatalf("report: %v", err)
		}
		if !strings.HasPrefix(res.ReportPath, reportDir) {
			t.Errorf("report %s is outside the report folder %s", res.ReportPath, reportDir)
		}
		if !strings.Contains(string(md), hit.ID) || !strings.Contains(string(md), hit.Name) {
			t.Errorf("report does not name %s (%s)", hit.ID, hit.Name)
		}
		for _, p := range []string{res.JSONPath, res.LayerPath} {
			if _, err := os.Stat(p); err != nil {
				t.Errorf("hunt output: %v", err)
			}
		}
	})

	t.Run("cited events are in the index", func(t *testing.T) {
		var cited []huntflow.EventRef
		for _, fd := range res.Findings {
			cited = append(cited, fd.Events...)
		}
		if len(cited) == 0 {
			t.Fatal("no finding cites an event")
		}
		for _, en := range res.Enrichments {
			cited = append(cited, en.Process...)
			cited = append(cited, en.HostSample...)
			cited = append(cited, en.Children...)
			if en.Parent != nil {
				cited = append(cited, *en.Parent)
			}
		}
		if len(res.Enrichments) == 0 {
			t.Error("no finding was enriched")
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		for _, e := range cited {
			src, ok := f.stored[e.ID]
			if !ok {
				t.Errorf("cited event %s (EventID %d at %s) is not in the index", e.ID, e.EventID, e.Time)
				continue
			}
			// The document is the event as ingested: same time and host.
			doc := flattenJSON(t, src)
			if ts, err := time.Parse(time.RFC3339Nano, doc["@timestamp"]); err != nil || !ts.Equal(e.Time) || doc["Hostname"] != e.Host {
				t.Errorf("cited event %s: time %s host %s, indexed @timestamp %q Hostname %q", e.ID, e.Time, e.Host, doc["@timestamp"], doc["Hostname"])
			}
		}
	})

	t.Run("search ranges", func(t *testing.T) {
		ranges := searchRanges(t, f)
		var statsRanges, readRanges []timeRange
		for _, r := range ranges {
			// Every bound the store sends is UTC with an explicit Z, or the
			// cluster would read it in its own default zone.
			for _, b := range []string{r.gte, r.lt} {
				if b == "" {
					continue
				}
				if tm, err := time.Parse(time.RFC3339Nano, b); err != nil || !strings.HasSuffix(b, "Z") || tm.Location() != time.UTC {
					t.Errorf("range bound %q is not UTC with a Z", b)
				}
			}
			if r.stats {
				statsRanges = append(statsRanges, r)
			} else {
				readRanges = append(readRanges, r)
			}
		}
		want := make([]timeRange, len(res.Windows))
		for i, w := range res.Windows {
			want[i] = timeRange{gte: w.Start.UTC().Format(time.RFC3339Nano), lt: w.End.UTC().Format(time.RFC3339Nano), stats: true}
		}
		if want[0].gte != "2023-08-15T09:54:12.007Z" || want[0].lt != "2023-08-15T09:55:12.007Z" {
			t.Errorf("first window bounds %s/%s", want[0].gte, want[0].lt)
		}
		// FetchWindow counts each window once, in order, and nothing else
		// counts over a time range.
		if !slices.Equal(statsRanges, want) {
			t.Errorf("stats ranges %v, want the hunt's windows %v", statsRanges, want)
		}
		// ClassifyWindow reads each window with exactly its bounds.
		for _, w := range want {
			w.stats = false
			if !slices.Contains(readRanges, w) {
				t.Errorf("no search read window %s/%s; reads %v", w.gte, w.lt, readRanges)
			}
		}
		if len(f.recorded("POST", "/_pit")) == 0 {
			t.Error("no point in time was opened: the paged path was not exercised")
		}
		if open := f.openPITs(); len(open) != 0 {
			t.Errorf("points in time left open: %v", open)
		}
	})
}
