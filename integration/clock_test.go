package integration

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"go.temporal.io/api/enums/v1"
	sdkpb "go.temporal.io/api/sdk/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/huntflow/huntflow/app"
	"github.com/huntflow/huntflow/ingest"
	"github.com/huntflow/huntflow/sqlite"
)

// localClockStore writes the campaign's events as a lab on EDT would log
// them: with EventTime, the local wall clock (UTC−4), beside @timestamp.
func localClockStore(t *testing.T) string {
	t.Helper()
	src, err := os.Open("../detect/testdata/lsass_campaign.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dir := t.TempDir()
	var out bytes.Buffer
	sc := bufio.NewScanner(src)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	edt := time.FixedZone("EDT", -4*3600)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		ts, err := time.Parse(time.RFC3339Nano, m["@timestamp"].(string))
		if err != nil {
			t.Fatal(err)
		}
		m["EventTime"] = ts.In(edt).Format("2006-01-02 15:04:05")
		b, _ := json.Marshal(m)
		out.Write(append(b, '\n'))
	}
	logs := filepath.Join(dir, "edt.jsonl")
	if err := os.WriteFile(logs, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	dbPath := filepath.Join(dir, "events.db")
	db, err := sqlite.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := ingest.Files(context.Background(), db, []string{logs}, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	return dbPath
}

func buildStarter(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "starter")
	if out, err := exec.Command("go", "build", "-o", bin, "../starter").CombinedOutput(); err != nil {
		t.Fatalf("build starter: %v\n%s", err, out)
	}
	return bin
}

// TestZonelessTimestampIsTheLogsLocalTime: the notebook's way of naming a
// hunt's start — the lab's wall clock — finds the attack, and the starter
// and the report say how the time was read.
func TestZonelessTimestampIsTheLogsLocalTime(t *testing.T) {
	srv, c := startDevServer(t)
	dbPath := localClockStore(t)
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	reports := t.TempDir()
	cfg := app.Config{TaskQueue: "it-clock", Store: "sqlite", DBPath: dbPath, ReportDir: reports, NoLLM: true, MaxConcurrentActivities: 4}
	startWorker(t, c, cfg, noEnv, logger)
	starter := buildStarter(t)

	run := func(args ...string) (int, string, string) {
		cmd := exec.Command(starter, append([]string{"--address", srv.FrontendHostPort(), "--task-queue", "it-clock", "--timeout", "3m"}, args...)...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return code, stdout.String(), stderr.String()
	}

	// 05:53 on the lab's clock is 09:53Z, where the campaign runs.
	code, stdout, stderr := run("--timestamp", "2023-08-15T05:53:00", "--window", "10m", "--id", "it-clock-local")
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	const reading = "2023-08-15T05:53:00 read as UTC−04:00, the logs' local time = 2023-08-15T09:53:00Z"
	if !strings.Contains(stderr, "start time: "+reading) {
		t.Errorf("the starter does not say how it read the time:\n%s", stderr)
	}
	if !strings.Contains(stdout, "T1003") || strings.Contains(stdout, "Findings:     0 ") {
		t.Errorf("the attack was not found:\n%s", stdout)
	}
	md, err := os.ReadFile(filepath.Join(reports, "it-clock-local", "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(md), "- **Start time:** "+reading) {
		t.Errorf("the report does not state the reading")
	}

	// The Web UI tells the story: the hunt's summary and details, the
	// activities' summaries and the current details, through the API.
	checkUserMetadata(t, c, "it-clock-local",
		"Hunt 10m0s from 2023-08-15 05:53 (logs' local time), up to 5 windows",
		[]string{"describe the store", "fetch window 1: 09:53–10:03Z", "classify window 1: 09:53–10:03Z (139 events)", "enrich MKT01.pandalab.com: 5 findings", "write the report"},
		[]string{"**Stage:** done", "- **Hosts:** MKT01.pandalab.com", "- **Threat level:** CRITICAL"})

	// An ID that already names a finished hunt is refused, not answered
	// with that hunt's old result.
	code, stdout, stderr = run("--timestamp", "2023-08-15T05:53:00", "--id", "it-clock-local")
	if code != 2 || !strings.Contains(stderr, "--id it-clock-local names a hunt that already ran") || stdout != "" {
		t.Errorf("reused --id: exit %d\nstdout %q\nstderr %q", code, stdout, stderr)
	}

	// --utc reads the same digits as UTC: four hours before the attack.
	code, _, stderr = run("--timestamp", "2023-08-15T05:53:00", "--utc", "--id", "it-clock-utc")
	if code != 4 || !strings.Contains(stderr, "no events in range") || !strings.Contains(stderr, "The store holds: MKT01.pandalab.com 2023-08-15T09:54:12Z to 2023-08-15T09:57:30Z UTC (2023-08-15T05:54:12 to 2023-08-15T05:57:30 local, UTC−04:00)") {
		t.Errorf("--utc outside the data: exit %d, want 4 naming the data's local span:\n%s", code, stderr)
	}
}

// TestStarterSaysWhyOnce: a failed hunt's reason is printed once, with the
// step that failed.
func TestStarterSaysWhyOnce(t *testing.T) {
	srv, c := startDevServer(t)
	dbPath := filepath.Join(t.TempDir(), "empty.db")
	db, err := sqlite.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	startWorker(t, c, app.Config{TaskQueue: "it-empty", Store: "sqlite", DBPath: dbPath, ReportDir: t.TempDir(), NoLLM: true}, noEnv, logger)
	cmd := exec.Command(buildStarter(t), "--address", srv.FrontendHostPort(), "--task-queue", "it-empty", "--timestamp", "2023-08-15T09:53:00Z", "--timeout", "2m")
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("want exit 1, got %v:\n%s", err, out)
	}
	const why = "run ingest first"
	if n := strings.Count(string(out), why); n != 1 || !strings.Contains(string(out), "step Describe: the log store holds no events: run ingest first") {
		t.Errorf("reason printed %d times, want once with its step:\n%s", n, out)
	}
}

// checkUserMetadata reads a hunt's user metadata as the Web UI does.
func checkUserMetadata(t *testing.T, c client.Client, id, summary string, activitySummaries, details []string) {
	t.Helper()
	ctx := context.Background()
	dc := converter.GetDefaultDataConverter()
	desc, err := c.DescribeWorkflowExecution(ctx, id, "")
	if err != nil {
		t.Fatal(err)
	}
	var got string
	if err := dc.FromPayload(desc.GetExecutionConfig().GetUserMetadata().GetSummary(), &got); err != nil || got != summary {
		t.Errorf("static summary %q (%v), want %q", got, err, summary)
	}
	var staticDetails string
	_ = dc.FromPayload(desc.GetExecutionConfig().GetUserMetadata().GetDetails(), &staticDetails)
	if !strings.Contains(staticDetails, "- **Span:**") {
		t.Errorf("static details: %q", staticDetails)
	}
	var seen []string
	it := c.GetWorkflowHistory(ctx, id, "", false, enums.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		ev, err := it.Next()
		if err != nil {
			t.Fatal(err)
		}
		if ev.GetEventType() == enums.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED {
			var s string
			if err := dc.FromPayload(ev.GetUserMetadata().GetSummary(), &s); err == nil {
				seen = append(seen, s)
			}
		}
	}
	for _, want := range activitySummaries {
		if !slices.Contains(seen, want) {
			t.Errorf("no activity summarised %q; summaries: %q", want, seen)
		}
	}
	v, err := c.QueryWorkflow(ctx, id, "", "__temporal_workflow_metadata")
	if err != nil {
		t.Fatal(err)
	}
	var md sdkpb.WorkflowMetadata
	if err := v.Get(&md); err != nil {
		t.Fatal(err)
	}
	for _, want := range details {
		if !strings.Contains(md.GetCurrentDetails(), want) {
			t.Errorf("current details lack %q:\n%s", want, md.GetCurrentDetails())
		}
	}
}
