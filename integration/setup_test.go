package integration

import (
	"context"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/app"
	"github.com/huntflow/huntflow/ingest"
	"github.com/huntflow/huntflow/sqlite"
	"github.com/huntflow/huntflow/workflows"
)

const dataset = "../datasets/otrf/metasploit_logonpasswords_lsass_memory_dump.zip"

// huntStart is where the bundled campaign's activity begins (@timestamp).
var huntStart = time.Date(2023, 8, 15, 9, 53, 0, 0, time.UTC)

func temporalCLI(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("HUNTFLOW_TEMPORAL_CLI"); p != "" {
		return p
	}
	if p, err := exec.LookPath("temporal"); err == nil {
		return p
	}
	if out, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
		p := filepath.Join(strings.TrimSpace(string(out)), "bin", "temporal")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("the Temporal CLI is missing in CI: .ci/run must install it (go install github.com/temporalio/cli/cmd/temporal@v1.5.1)")
	}
	t.Skip("Temporal CLI not found; set HUNTFLOW_TEMPORAL_CLI or run `make test`, which installs it")
	return ""
}

func startDevServer(t testing.TB) (*testsuite.DevServer, client.Client) {
	t.Helper()
	cli := temporalCLI(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	srv, err := testsuite.StartDevServer(ctx, testsuite.DevServerOptions{
		ExistingPath: cli,
		LogLevel:     "error",
		// Registered at start, as `make demo` does: attributes added later
		// take a while to reach the server's query cache.
		SearchAttributes: temporal.NewSearchAttributes(workflows.ThreatLevelKey.ValueSet(""), workflows.CategoryKey.ValueSet("")),
		ClientOptions: &client.Options{
			Logger: quietSDKLogger(),
		},
	})
	if err != nil {
		t.Fatalf("start dev server with %s: %v", cli, err)
	}
	t.Cleanup(func() { srv.Stop() })
	return srv, srv.Client()
}

var (
	storeOnce sync.Once
	storePath string
	storeErr  error
)

// loadedStore ingests the bundled dataset once per test binary and returns
// the store's path, shared by every caller: a test that changes the file
// must work on a copy (see copyFile).
func loadedStore(t testing.TB) string {
	t.Helper()
	storeOnce.Do(func() {
		dir, err := os.MkdirTemp("", "huntflow-it-")
		if err != nil {
			storeErr = err
			return
		}
		storePath = filepath.Join(dir, "events.db")
		ctx := context.Background()
		db, err := sqlite.Open(ctx, storePath)
		if err != nil {
			storeErr = err
			return
		}
		defer db.Close()
		sum, err := ingest.Files(ctx, db, []string{dataset}, ingest.Options{})
		if err != nil {
			storeErr = err
			return
		}
		if sum.Events != 53698 || sum.Bad != 0 {
			storeErr = &ingestMismatch{sum.String()}
		}
	})
	if storeErr != nil {
		t.Fatalf("ingest bundled dataset: %v", storeErr)
	}
	return storePath
}

type ingestMismatch struct{ summary string }

func (e *ingestMismatch) Error() string {
	return "bundled dataset: want 53698 events and no bad lines, got " + e.summary
}

func quietSDKLogger() log.Logger {
	return log.NewStructuredLogger(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
}

// noEnv is an empty environment: no LLM key, no Elasticsearch.
func noEnv(string) string { return "" }

// startWorker runs an in-process worker built by app, as the worker binary
// builds it, until the test ends.
func startWorker(t testing.TB, c client.Client, cfg app.Config, getenv func(string) string, logger *slog.Logger) {
	t.Helper()
	ctx := context.Background()
	if cfg.Store == "" {
		cfg.Store = "sqlite"
	}
	deps, err := app.Open(ctx, cfg, getenv, logger)
	if err != nil {
		t.Fatal(err)
	}
	w := app.NewWorker(ctx, c, cfg, deps.Activities, logger)
	if err := w.Start(); err != nil {
		deps.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		w.Stop()
		deps.Close()
	})
}

// hunt runs a hunt to its end and returns the run and its result.
func hunt(t testing.TB, c client.Client, opts client.StartWorkflowOptions, req huntflow.HuntRequest) (client.WorkflowRun, huntflow.HuntResult, error) {
	t.Helper()
	run, err := c.ExecuteWorkflow(context.Background(), opts, workflows.HuntWorkflow, req)
	if err != nil {
		t.Fatal(err)
	}
	var res huntflow.HuntResult
	err = run.Get(context.Background(), &res)
	return run, res, err
}
