package integration

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	"golang.org/x/sync/errgroup"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/app"
	"github.com/huntflow/huntflow/workflows"
)

// TestWorkersShareHunts runs two workers on one task queue and several
// hunts at once: both workers take part and every hunt completes.
func TestWorkersShareHunts(t *testing.T) {
	srv, _ := startDevServer(t)
	dbPath := loadedStore(t)
	ctx := context.Background()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	cfg := app.Config{TaskQueue: "it-scale", Store: "sqlite", DBPath: dbPath, ReportDir: t.TempDir(), NoLLM: true, MaxConcurrentActivities: 2}

	var starter client.Client
	for _, id := range []string{"worker-a", "worker-b"} {
		c, err := client.Dial(client.Options{HostPort: srv.FrontendHostPort(), Identity: id, Logger: quietSDKLogger()})
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		startWorker(t, c, cfg, noEnv, logger)
		starter = c
	}

	const hunts = 4
	runs := make([]client.WorkflowRun, hunts)
	for i := range runs {
		var err error
		runs[i], err = starter.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: fmt.Sprint("it-scale-", i), TaskQueue: cfg.TaskQueue},
			workflows.HuntWorkflow, huntflow.HuntRequest{Start: huntStart.Add(time.Duration(i) * time.Minute)})
		if err != nil {
			t.Fatal(err)
		}
	}
	var g errgroup.Group
	for _, r := range runs {
		g.Go(func() error {
			var res huntflow.HuntResult
			return r.Get(ctx, &res)
		})
	}
	if err := g.Wait(); err != nil {
		t.Fatalf("hunt failed: %v", err)
	}
	byWorker := map[string]int{}
	for _, r := range runs {
		for _, a := range completedActivities(t, starter, r) {
			byWorker[a.identity]++
		}
	}
	if byWorker["worker-a"] == 0 || byWorker["worker-b"] == 0 {
		t.Fatalf("activities completed per worker: %v; want both workers to share the hunts", byWorker)
	}
	t.Logf("activities completed per worker: %v", byWorker)
}
