package integration

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	"golang.org/x/sync/errgroup"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/sqlite"
	"github.com/huntflow/huntflow/workflows"
)

// TestManyHuntsDuringIngest runs 20 hunts at once on one worker process
// while an ingest writes to the store they read: all finish with the same
// result (the ingest writes a later day, outside their windows), and the
// worker's peak RSS is logged.
func TestManyHuntsDuringIngest(t *testing.T) {
	faultTest(t, "runs 20 hunts")
	const hunts = 20
	srv, c := startDevServer(t)
	path := filepath.Join(t.TempDir(), "events.db")
	if err := copyFile(path, loadedStore(t)); err != nil {
		t.Fatal(err)
	}
	w, err := startProcWorker(t, procConfig{address: srv.FrontendHostPort(), queue: "it-many", db: path, reports: t.TempDir(), identity: "many"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()

	// The worker's peak after one hunt on its own, to compare with.
	if _, _, err := hunt(t, c, client.StartWorkflowOptions{ID: "it-many-alone", TaskQueue: "it-many"}, huntflow.HuntRequest{Start: huntStart}); err != nil {
		t.Fatalf("hunt alone: %v\nworker:\n%s", err, w.logs)
	}
	// peakRSS reads /proc: zero where there is none.
	alone, _ := w.peakRSS()

	// The ingest: a later day's events, a thousand every 250 ms, until the
	// hunts are done (maxIngest only bounds the disk if they hang).
	const maxIngest = 2_000_000
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	ingestCtx, stopIngest := context.WithCancel(ctx)
	ingested := make(chan int, 1)
	go func() {
		defer db.Close()
		later := huntStart.Add(24 * time.Hour)
		n := 0
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		for b := 0; ingestCtx.Err() == nil && n < maxIngest; b++ {
			batch := make([]huntflow.Event, 1000)
			for i := range batch {
				batch[i] = huntflow.Event{ID: fmt.Sprintf("later-%d-%d", b, i), Time: later.Add(time.Duration(n+i) * time.Millisecond),
					Host: "LATER01", EventID: 1, ProcessID: int64(i), Image: `C:\Windows\System32\svchost.exe`, CommandLine: "svchost.exe -k netsvcs", Raw: []byte(`{}`)}
			}
			added, err := db.Write(ingestCtx, batch)
			if err != nil {
				break
			}
			n += added
			select {
			case <-tick.C:
			case <-ingestCtx.Done():
			}
		}
		ingested <- n
	}()

	start := time.Now()
	runs := make([]client.WorkflowRun, hunts)
	for i := range runs {
		runs[i], err = c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: fmt.Sprintf("it-many-%02d", i), TaskQueue: "it-many"}, workflows.HuntWorkflow, huntflow.HuntRequest{Start: huntStart})
		if err != nil {
			t.Fatal(err)
		}
	}
	results := make([]huntflow.HuntResult, hunts)
	var g errgroup.Group
	for i, r := range runs {
		g.Go(func() error { return r.Get(ctx, &results[i]) })
	}
	err = g.Wait()
	elapsed := time.Since(start)
	stopIngest()
	wrote := <-ingested
	if err != nil {
		t.Fatalf("hunt failed: %v\nworker:\n%s", err, w.logs)
	}
	peak, _ := w.peakRSS()
	if wrote == 0 || wrote >= maxIngest {
		t.Fatalf("the ingest wrote %d events: it must run for as long as the hunts", wrote)
	}
	ids := func(r huntflow.HuntResult) []string {
		var out []string
		for _, f := range r.Findings {
			out = append(out, f.ID)
		}
		slices.Sort(out)
		return out
	}
	for i, r := range results {
		if !hasTechnique(r, "T1003") || r.ReportPath == "" {
			t.Errorf("hunt %d: techniques %v, report %q", i, techniqueIDs(r), r.ReportPath)
		}
		if r.Events != results[0].Events || !slices.Equal(ids(r), ids(results[0])) {
			t.Errorf("hunt %d read %d events, %d findings; hunt 0 read %d, %d", i, r.Events, len(r.Findings), results[0].Events, len(results[0].Findings))
		}
	}
	t.Logf("%d hunts at once, while an ingest added %d events: all finished in %s, each %d events and %d findings; worker peak RSS (VmHWM) %d MiB (%d MiB after one hunt alone)",
		hunts, wrote, elapsed.Round(time.Second), results[0].Events, len(results[0].Findings), peak>>20, alone>>20)
}
