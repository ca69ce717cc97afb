package integration

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/app"
)

// TestScheduleBackfillTilesTime: a schedule backfilled over the bundled
// campaign hunts slot after slot with no gap and no overlap, and a finding
// that an earlier slot reported is marked "seen before" in the next.
func TestScheduleBackfillTilesTime(t *testing.T) {
	srv, c := startDevServer(t)
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	cfg := app.Config{TaskQueue: "it-sched", Store: "sqlite", DBPath: loadedStore(t), ReportDir: t.TempDir(), NoLLM: true, MaxConcurrentActivities: 4}
	startWorker(t, c, cfg, noEnv, logger)
	starter := buildStarter(t)
	sched := func(args ...string) (int, string, string) {
		cmd := exec.Command(starter, append(append([]string{"schedule"}, args...), "--address", srv.FrontendHostPort(), "--task-queue", "it-sched")...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode(), stdout.String(), stderr.String()
		} else if err != nil {
			t.Fatal(err)
		}
		return 0, stdout.String(), stderr.String()
	}

	if code, out, errOut := sched("create", "--every", "5m", "--lag", "1m", "--id", "it-sched"); code != 0 || strings.TrimSpace(out) != "it-sched" {
		t.Fatalf("create: exit %d %q %q", code, out, errOut)
	}
	if code, _, errOut := sched("create", "--every", "5m", "--overlap", "skip"); code != 2 || !strings.Contains(errOut, "never silently skips") {
		t.Errorf("skip overlap accepted: %d %q", code, errOut)
	}
	// Runs scheduled at 09:50, 09:55, 10:00 hunt the slots ending a minute
	// before: 09:44–09:49, 09:49–09:54, 09:54–09:59.
	from, to := "2023-08-15T09:50:00Z", "2023-08-15T10:04:00Z"
	if code, _, errOut := sched("backfill", "it-sched", "--from", from, "--to", to); code != 0 {
		t.Fatalf("backfill: exit %d %q", code, errOut)
	}

	ctx := context.Background()
	var runs []*workflowExecution
	deadline := time.Now().Add(3 * time.Minute)
	for {
		runs = scheduledRuns(t, c, "it-sched")
		done := 0
		for _, r := range runs {
			if r.status == enums.WORKFLOW_EXECUTION_STATUS_COMPLETED {
				done++
			}
		}
		if done >= 3 && done == len(runs) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("backfill runs did not finish: %+v", runs)
		}
		time.Sleep(time.Second)
	}
	var results []huntflow.HuntResult
	for _, r := range runs {
		var res huntflow.HuntResult
		if err := c.GetWorkflow(ctx, r.id, r.runID).Get(ctx, &res); err != nil {
			t.Fatal(err)
		}
		if len(res.Windows) != 1 {
			t.Fatalf("run %s read %d windows, want its one slot", r.id, len(res.Windows))
		}
		results = append(results, res)
	}
	slices.SortFunc(results, func(a, b huntflow.HuntResult) int { return a.Windows[0].Start.Compare(b.Windows[0].Start) })
	var inRange []huntflow.HuntResult
	for _, res := range results {
		if res.Windows[0].Start.Before(time.Date(2023, 8, 15, 9, 40, 0, 0, time.UTC)) || res.Windows[0].End.After(time.Date(2023, 8, 15, 10, 5, 0, 0, time.UTC)) {
			continue // a live run of the schedule, now
		}
		inRange = append(inRange, res)
	}
	if len(inRange) < 3 {
		var ws []string
		for _, r := range results {
			ws = append(ws, r.Windows[0].String())
		}
		t.Fatalf("%d backfilled slots in range; all runs: %v", len(inRange), ws)
	}
	for i, res := range inRange {
		w := res.Windows[0]
		if w.End.Sub(w.Start) != 5*time.Minute || w.End.Minute()%5 != 4 {
			t.Errorf("slot %s: want 5 minutes ending 1 minute (the lag) before a 5-minute mark", w)
		}
		if i > 0 && !w.Start.Equal(inRange[i-1].Windows[0].End) {
			t.Errorf("slots do not tile: %s after %s", w, inRange[i-1].Windows[0])
		}
	}
	seen, found := 0, 0
	for _, res := range inRange {
		for _, f := range res.Findings {
			found++
			if f.SeenBefore != "" {
				seen++
				if !strings.HasPrefix(f.SeenBefore, "it-sched-run") || f.SeenBefore == res.HuntID {
					t.Errorf("finding %s seen before in %q", f.ID, f.SeenBefore)
				}
			}
		}
	}
	t.Logf("%d slots, %d findings, %d seen before", len(inRange), found, seen)
	if found == 0 {
		t.Fatal("the backfill found nothing in the campaign")
	}

	code, out, _ := sched("describe", "it-sched")
	if code != 0 || !strings.Contains(out, "every 5m0s") || !strings.Contains(out, "Slot:       5m0s, ending 1m0s before the scheduled time") {
		t.Errorf("describe: %d\n%s", code, out)
	}
	if code, out, _ := sched("list"); code != 0 || !strings.Contains(out, "it-sched") {
		t.Errorf("list: %d\n%s", code, out)
	}
	for _, verb := range []string{"pause", "unpause", "delete"} {
		if code, _, errOut := sched(verb, "it-sched"); code != 0 {
			t.Errorf("%s: %d %s", verb, code, errOut)
		}
	}
}

type workflowExecution struct {
	id, runID string
	status    enums.WorkflowExecutionStatus
}

func scheduledRuns(t *testing.T, c client.Client, schedule string) []*workflowExecution {
	t.Helper()
	resp, err := c.ListWorkflow(context.Background(), &workflowservice.ListWorkflowExecutionsRequest{
		Namespace: "default", Query: fmt.Sprintf("TemporalScheduledById = '%s'", schedule),
	})
	if err != nil {
		t.Fatal(err)
	}
	var out []*workflowExecution
	for _, e := range resp.Executions {
		out = append(out, &workflowExecution{id: e.Execution.WorkflowId, runID: e.Execution.RunId, status: e.Status})
	}
	return out
}
