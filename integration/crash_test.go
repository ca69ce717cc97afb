package integration

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/workflows"
)

// TestHuntSurvivesWorkerSIGKILL kills the worker process with SIGKILL in the
// middle of a hunt, starts a new one, and checks the same hunt finishes and
// that the activities completed before the kill were not run again.
func TestHuntSurvivesWorkerSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills worker processes")
	}
	srv, c := startDevServer(t)
	dbPath := loadedStore(t)
	bin := filepath.Join(t.TempDir(), "worker")
	if out, err := exec.Command("go", "build", "-o", bin, "../worker").CombinedOutput(); err != nil {
		t.Fatalf("build worker: %v\n%s", err, out)
	}
	reports := t.TempDir()
	const queue = "it-crash"
	startWorker := func(identity string, extra ...string) (*exec.Cmd, *bytes.Buffer) {
		args := append([]string{"--address", srv.FrontendHostPort(), "--task-queue", queue, "--db", dbPath, "--reports", reports, "--no-llm"}, extra...)
		cmd := exec.Command(bin, args...)
		var logs bytes.Buffer
		cmd.Stdout, cmd.Stderr = &logs, &logs
		cmd.Env = append(os.Environ(), "TEMPORAL_IDENTITY="+identity)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		return cmd, &logs
	}

	// The first worker is throttled to one activity a second so the kill
	// lands mid-hunt.
	first, firstLogs := startWorker("worker-one", "--activities-per-second", "1")
	ctx := context.Background()
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "it-hunt-crash", TaskQueue: queue}, workflows.HuntWorkflow,
		huntflow.HuntRequest{Start: huntStart})
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(90 * time.Second)
	var beforeKill []completed
	for {
		beforeKill = completedActivities(t, c, run)
		if len(beforeKill) >= 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("worker one completed %d activities in 90s; logs:\n%s", len(beforeKill), firstLogs)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err := first.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	first.Wait()
	t.Logf("killed worker one after %d completed activities", len(beforeKill))

	_, secondLogs := startWorker("worker-two")
	waitCtx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	var res huntflow.HuntResult
	if err := run.Get(waitCtx, &res); err != nil {
		t.Fatalf("hunt did not finish after the worker restart: %v\nworker two:\n%s", err, secondLogs)
	}
	if !hasTechnique(res, "T1003") {
		t.Fatalf("techniques %v after recovery", techniqueIDs(res))
	}

	after := completedActivities(t, c, run)
	byID := map[string]completed{}
	for _, a := range after {
		if _, dup := byID[a.scheduledID]; dup {
			t.Fatalf("activity %s completed twice", a.scheduledID)
		}
		byID[a.scheduledID] = a
	}
	for _, b := range beforeKill {
		a, ok := byID[b.scheduledID]
		if !ok || a.identity != b.identity || a.attempt != 1 {
			t.Errorf("activity %s (%s) completed by %s before the kill, but after recovery: %+v", b.scheduledID, b.activity, b.identity, a)
		}
	}
	sawTwo := false
	for _, a := range after {
		sawTwo = sawTwo || a.identity == "worker-two"
	}
	if !sawTwo {
		t.Fatal("worker two completed no activity")
	}
}

type completed struct {
	scheduledID, activity, identity string
	attempt                         int32
}

// completedActivities lists the activities of a run that completed, with the
// identity of the worker that ran them and the attempt that succeeded.
func completedActivities(t *testing.T, c client.Client, run client.WorkflowRun) []completed {
	t.Helper()
	h, err := historyOf(context.Background(), c, run.GetID(), run.GetRunID())
	if err != nil {
		t.Fatal(err)
	}
	names := map[int64]string{}
	started := map[int64]struct {
		identity string
		attempt  int32
	}{}
	var out []completed
	for _, e := range h.Events {
		switch e.GetEventType() {
		case enums.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
			names[e.GetEventId()] = e.GetActivityTaskScheduledEventAttributes().GetActivityType().GetName()
		case enums.EVENT_TYPE_ACTIVITY_TASK_STARTED:
			a := e.GetActivityTaskStartedEventAttributes()
			started[a.GetScheduledEventId()] = struct {
				identity string
				attempt  int32
			}{a.GetIdentity(), a.GetAttempt()}
		case enums.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
			a := e.GetActivityTaskCompletedEventAttributes()
			s := started[a.GetScheduledEventId()]
			out = append(out, completed{fmt.Sprint(a.GetScheduledEventId()), names[a.GetScheduledEventId()], a.GetIdentity(), s.attempt})
		}
	}
	return out
}
