package integration

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/app"
	"github.com/huntflow/huntflow/workflows"
)

// BenchmarkHuntCampaign times a whole deterministic hunt over the bundled
// LSASS campaign (one 15-minute window covering all its events) through
// a real dev server: go test ./integration -run '^$' -bench HuntCampaign -benchtime 3x
func BenchmarkHuntCampaign(b *testing.B) {
	_, c := startDevServer(b)
	dbPath := loadedStore(b)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	ctx := context.Background()
	cfg := app.Config{TaskQueue: "bench", Store: "sqlite", DBPath: dbPath, ReportDir: b.TempDir(), NoLLM: true, MaxConcurrentActivities: 8}
	startWorker(b, c, cfg, noEnv, logger)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: fmt.Sprint("bench-", i, "-", time.Now().UnixNano()), TaskQueue: cfg.TaskQueue},
			workflows.HuntWorkflow, huntflow.HuntRequest{Start: huntStart, Window: 15 * time.Minute, MaxIterations: 1})
		if err != nil {
			b.Fatal(err)
		}
		var res huntflow.HuntResult
		if err := run.Get(ctx, &res); err != nil {
			b.Fatal(err)
		}
		if res.Events != 50680 { // 53,698 lines, 3,018 of them exact duplicates
			b.Fatalf("hunt scanned %d events, want the whole campaign", res.Events)
		}
	}
}
