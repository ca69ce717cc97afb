package integration

import (
	"context"
	"fmt"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/workflows"
)

// crashStages are the steps of a hunt a worker is killed in: the activity
// the worker holds until it is SIGKILLed.
var crashStages = []struct {
	stage, activity string
	llm             bool // the step runs only with an LLM analyst
}{
	{"describe", "Describe", false},
	{"fetch", "FetchWindow", false},
	{"classify", "ClassifyWindow", false},
	{"reason", "ReasonWindow", true},
	{"map", "MapTechniques", false},
	{"enrich", "EnrichFindings", false},
	{"report", "WriteReport", false},
	{"save", "SaveReport", false},
}

// TestHuntSurvivesWorkerSIGKILL kills a worker process with SIGKILL while it
// runs each step of a hunt, starts another, and checks the hunt finishes,
// the killed step ran again (attempt 2, on the new worker), and no step
// completed before the kill ran again. The stages run at once, each on its
// own task queue, so the 20 s heartbeat timeouts overlap.
func TestHuntSurvivesWorkerSIGKILL(t *testing.T) {
	faultTest(t, "kills worker processes")
	srv, c := startDevServer(t)
	dbPath := loadedStore(t)
	llm := &fakeLLM{calls: map[string]int{}}
	api := httptest.NewServer(llm)
	defer api.Close()
	llmEnv := map[string]string{"OPENAI_API_KEY": testAPIKey, "OPENAI_BASE_URL": api.URL + "/v1", "OPENAI_MODEL": "test-model"}

	errs := make([]error, len(crashStages))
	notes := make([]string, len(crashStages))
	var wg sync.WaitGroup
	for i, sc := range crashStages {
		wg.Add(1)
		go func() {
			defer wg.Done()
			pc := procConfig{address: srv.FrontendHostPort(), queue: "it-kill-" + sc.stage, db: dbPath, reports: t.TempDir(), hold: sc.activity}
			if sc.llm {
				pc.env = llmEnv
			}
			notes[i], errs[i] = killInStage(t, c, pc, sc.stage, sc.activity)
		}()
	}
	wg.Wait()
	for i, sc := range crashStages {
		if errs[i] != nil {
			t.Errorf("SIGKILL in %s (%s): %v", sc.stage, sc.activity, errs[i])
		} else {
			t.Logf("SIGKILL in %s (%s): hunt finished; %s", sc.stage, sc.activity, notes[i])
		}
	}
}

// killInStage runs one hunt whose worker is killed while it runs activity.
func killInStage(t *testing.T, c client.Client, pc procConfig, stage, activity string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	pc.identity = "one-" + stage
	first, err := startProcWorker(t, pc)
	if err != nil {
		return "", err
	}
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "it-kill-" + stage, TaskQueue: pc.queue}, workflows.HuntWorkflow,
		huntflow.HuntRequest{Start: huntStart})
	if err != nil {
		return "", err
	}
	if err := first.waitBlocked(ctx); err != nil {
		return "", err
	}
	beforeKill, err := activityLog(ctx, c, run)
	if err != nil {
		return "", err
	}
	first.kill()

	pc.identity, pc.hold = "two-"+stage, ""
	second, err := startProcWorker(t, pc)
	if err != nil {
		return "", err
	}
	var res huntflow.HuntResult
	if err := run.Get(ctx, &res); err != nil {
		return "", fmt.Errorf("hunt did not finish after the restart: %w\nworker two:\n%s", err, second.logs)
	}
	if !hasTechnique(res, "T1003") || res.ReportPath == "" {
		return "", fmt.Errorf("after recovery: techniques %v, report %q", techniqueIDs(res), res.ReportPath)
	}
	after, err := activityLog(ctx, c, run)
	if err != nil {
		return "", err
	}
	byID := map[string]completed{}
	for _, a := range after {
		if _, dup := byID[a.scheduledID]; dup {
			return "", fmt.Errorf("activity %s completed twice", a.scheduledID)
		}
		byID[a.scheduledID] = a
	}
	for _, b := range beforeKill {
		if a := byID[b.scheduledID]; a != b {
			return "", fmt.Errorf("activity %s (%s) completed by %s before the kill, but after recovery: %+v", b.scheduledID, b.activity, b.identity, a)
		}
	}
	rerun := 0
	for _, a := range after {
		switch {
		case a.attempt == 1:
		case a.activity == activity && a.attempt == 2 && a.identity == pc.identity:
			rerun++
		default:
			return "", fmt.Errorf("activity %s (%s) took attempt %d on %s", a.scheduledID, a.activity, a.attempt, a.identity)
		}
	}
	if rerun != 1 {
		return "", fmt.Errorf("%s completed on its second attempt %d times, want once (the killed run); activities: %+v", activity, rerun, after)
	}
	return fmt.Sprintf("%d steps completed before the kill were not re-run, %s ran again once (attempt 2, on the new worker), %d steps in all", len(beforeKill), activity, len(after)), nil
}

type completed struct {
	scheduledID, activity, identity string
	attempt                         int32
}

func completedActivities(t *testing.T, c client.Client, run client.WorkflowRun) []completed {
	t.Helper()
	out, err := activityLog(context.Background(), c, run)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// activityLog lists the activities of a run that completed, with the
// identity of the worker that ran them and the attempt that succeeded.
func activityLog(ctx context.Context, c client.Client, run client.WorkflowRun) ([]completed, error) {
	h, err := historyOf(ctx, c, run.GetID(), run.GetRunID())
	if err != nil {
		return nil, err
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
	return out, nil
}
