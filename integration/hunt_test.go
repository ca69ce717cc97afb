package integration

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/app"
	"github.com/huntflow/huntflow/report"
	"github.com/huntflow/huntflow/sqlite"
	"github.com/huntflow/huntflow/workflows"
)

// TestHuntEndToEnd ingests the bundled campaign, hunts it through a real
// dev server and checks the report names the labelled technique and cites
// events that are in the store.
func TestHuntEndToEnd(t *testing.T) {
	srv, c := startDevServer(t)
	_ = srv
	dbPath := loadedStore(t)
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	ctx := context.Background()

	cfg := app.Config{TaskQueue: "it-e2e", Store: "sqlite", DBPath: dbPath, ReportDir: t.TempDir(), NoLLM: true, MaxConcurrentActivities: 4}
	startWorker(t, c, cfg, noEnv, logger)

	started := time.Now()
	run, res, err := hunt(t, c, client.StartWorkflowOptions{ID: "it-hunt-e2e", TaskQueue: cfg.TaskQueue}, huntflow.HuntRequest{Start: huntStart})
	if err != nil {
		t.Fatalf("hunt failed: %v", err)
	}
	t.Logf("hunt took %s: %d findings, %d techniques, threat %s, %d windows", time.Since(started), len(res.Findings), len(res.Techniques), res.ThreatLevel, res.Iterations)
	t.Logf("notes: %q", res.Notes)

	if !hasTechnique(res, "T1003") {
		t.Fatalf("techniques %v: the campaign is labelled T1003.001 (LSASS memory)", techniqueIDs(res))
	}
	md, err := os.ReadFile(res.ReportPath)
	if err != nil {
		t.Fatalf("read report: %v", err)
	}
	if !strings.Contains(string(md), "T1003.001") {
		t.Fatalf("report.md does not name T1003.001")
	}
	for _, sec := range []string{"## Executive Summary", "## Technical Findings", "## Attack Timeline", "## Affected Assets", "## MITRE ATT&CK Summary", "## Hunting Queries (KQL)", "## Recommendations", "## Threat Level"} {
		if !strings.Contains(string(md), sec) {
			t.Errorf("report lacks %q", sec)
		}
	}
	for _, p := range []string{res.JSONPath, res.LayerPath, res.HTMLPath} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("missing output %q: %v", p, err)
		}
	}
	// The diagrams of a real hunt pass the Mermaid check.
	if err := report.CheckMermaid(md); err != nil {
		t.Errorf("report.md: %v", err)
	}
	if !strings.Contains(string(md), "```mermaid") {
		t.Error("report.md draws no diagram")
	}
	if filepath.Dir(res.ReportPath) != filepath.Join(cfg.ReportDir, "it-hunt-e2e") {
		t.Errorf("report at %s, want under %s", res.ReportPath, cfg.ReportDir)
	}

	// Every event a finding cites is a real event of the store, and the
	// report cites it.
	db, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cited := 0
	for _, f := range res.Findings {
		if len(f.Events) == 0 {
			t.Errorf("finding %s cites no events", f.ID)
		}
		for _, e := range f.Events {
			if _, err := db.Raw(ctx, e.ID); err != nil {
				t.Errorf("finding %s cites event %s that is not in the store: %v", f.ID, e.ID, err)
			}
			cited++
		}
	}
	if cited == 0 {
		t.Fatal("no events cited")
	}

	// The report's Kibana queries: at least three, each with hits in the
	// hunt window; run as `bin/query` runs them, a finding's query returns
	// that finding's events.
	withHits := 0
	for _, q := range res.Queries {
		if q.Language != huntflow.LangKibana {
			continue
		}
		if q.WindowHits != nil && *q.WindowHits > 0 {
			withHits++
		}
		if !strings.Contains(string(md), q.Text) {
			t.Errorf("report lacks query %q", q.Text)
		}
		if q.Finding == "" {
			continue
		}
		got := map[string]bool{}
		if err := db.Search(ctx, huntflow.Query{KQL: q.Text}, func(e *huntflow.Event) error { got[e.ID] = true; return nil }); err != nil {
			t.Fatal(err)
		}
		for _, f := range res.Findings {
			if f.ID != q.Finding {
				continue
			}
			// The query follows the finding's earliest cited event.
			first := f.Events[0]
			for _, e := range f.Events {
				if e.Time.Before(first.Time) || e.Time.Equal(first.Time) && e.ID < first.ID {
					first = e
				}
			}
			if !got[first.ID] {
				t.Errorf("query %q does not return event %s of its finding", q.Text, first.ID)
			}
		}
	}
	if withHits < 3 {
		t.Errorf("%d Kibana queries with hits in the hunt window, want at least 3: %+v", withHits, res.Queries)
	}

	// Hunts can be found in visibility by their search attributes.
	query := fmt.Sprintf("WorkflowId = 'it-hunt-e2e' AND ThreatLevel = '%s' AND Category = '%s'", res.ThreatLevel, res.Category)
	deadline := time.Now().Add(15 * time.Second)
	for {
		resp, err := c.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{Namespace: "default", Query: query})
		if err == nil && len(resp.Executions) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("hunt not found by %q: %v", query, err)
		}
		time.Sleep(300 * time.Millisecond)
	}

	// The history of this real run replays without non-determinism.
	replayer := worker.NewWorkflowReplayer()
	replayer.RegisterWorkflow(workflows.HuntWorkflow)
	hist, err := historyOf(ctx, c, run.GetID(), run.GetRunID())
	if err != nil {
		t.Fatal(err)
	}
	if err := replayer.ReplayWorkflowHistory(nil, hist); err != nil {
		t.Fatalf("replay: %v", err)
	}
}

func TestHuntOverEmptyStoreFailsClearly(t *testing.T) {
	_, c := startDevServer(t)
	ctx := context.Background()
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	cfg := app.Config{TaskQueue: "it-empty", Store: "sqlite", DBPath: filepath.Join(t.TempDir(), "empty.db"), ReportDir: t.TempDir(), NoLLM: true}
	// No file: the worker refuses to start, and creates none.
	if _, err := app.Open(ctx, cfg, noEnv, logger); err == nil || !strings.Contains(err.Error(), "no store at "+cfg.DBPath+": run ingest first") {
		t.Fatalf("worker start on a missing store: %v", err)
	}
	if _, err := os.Stat(cfg.DBPath); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("worker start created %s", cfg.DBPath)
	}
	// A store ingest created but put nothing in: the worker starts, the
	// hunt fails saying why.
	db, err := sqlite.Open(ctx, cfg.DBPath)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	startWorker(t, c, cfg, noEnv, logger)
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{TaskQueue: cfg.TaskQueue}, workflows.HuntWorkflow, huntflow.HuntRequest{Start: huntStart})
	if err != nil {
		t.Fatal(err)
	}
	waitCtx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	err = run.Get(waitCtx, nil)
	if err == nil || !strings.Contains(err.Error(), "run ingest first") {
		t.Fatalf("error = %v, want a clear empty-store error", err)
	}
}

func hasTechnique(res huntflow.HuntResult, prefix string) bool {
	for _, tq := range res.Techniques {
		if tq.ID == prefix || strings.HasPrefix(tq.ID, prefix+".") {
			return true
		}
	}
	return false
}

func techniqueIDs(res huntflow.HuntResult) []string {
	var ids []string
	for _, tq := range res.Techniques {
		ids = append(ids, tq.ID)
	}
	return ids
}

func historyOf(ctx context.Context, c client.Client, id, runID string) (*historypb.History, error) {
	it := c.GetWorkflowHistory(ctx, id, runID, false, enums.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	h := &historypb.History{}
	for it.HasNext() {
		e, err := it.Next()
		if err != nil {
			return nil, fmt.Errorf("history of %s: %w", id, err)
		}
		h.Events = append(h.Events, e)
	}
	return h, nil
}
