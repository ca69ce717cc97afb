// Command starter starts a hunt on huntflow's workers and, by default, waits
// for its report:
//
//	starter --timestamp 2020-05-01T23:22:00
//
// With --schedule-every it creates a Temporal Schedule that hunts the last
// --lookback of logs at that interval instead. Exit status: 0 hunted, 1 failed,
// 2 usage error, 3 still running at --timeout, 4 no events in the hunt's range.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"time"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/codec"
	"github.com/huntflow/huntflow/workflows"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

type options struct {
	timestamp, host, id, address, namespace, taskQueue, ui, out string
	window, enrichRadius, lookback, every, timeout              time.Duration
	threshold                                                   float64
	maxIterations, maxEnrich, maxRelated                        int
	noWait, asJSON, utc                                         bool
	queries                                                     string
}

// exitNoEvents is the starter's status when the hunt ran but its windows
// held no events: the time was probably outside the data.
const exitNoEvents = 4

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "schedule" {
		return runSchedule(ctx, args[1:], stdout, stderr)
	}
	var o options
	fs := flag.NewFlagSet("starter", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.timestamp, "timestamp", "", "start of the first window, e.g. 2020-05-01T23:22:00: without an offset, the hunted logs' local time when they carry one (EventTime), else UTC")
	fs.BoolVar(&o.utc, "utc", false, "read a --timestamp without offset as UTC, not as the logs' local time")
	fs.StringVar(&o.queries, "queries", strings.Join(huntflow.DefaultQueryLanguages, ","), "languages of the report's hunting queries: kibana, eql, sentinel (comma-separated)")
	fs.DurationVar(&o.window, "window", huntflow.DefaultWindow, "length of each window")
	fs.IntVar(&o.maxIterations, "max-iterations", huntflow.DefaultMaxIterations, "windows to read at most while confidence stays below the threshold")
	fs.Float64Var(&o.threshold, "threshold", huntflow.DefaultThreshold, "confidence at which the hunt stops widening (1 reads every window: the rules never claim full certainty)")
	fs.DurationVar(&o.enrichRadius, "enrich-radius", huntflow.DefaultEnrichRadius, "how far around each finding enrichment looks (±)")
	fs.IntVar(&o.maxEnrich, "max-enrich", huntflow.DefaultMaxEnrichFindings, "findings to enrich at most")
	fs.IntVar(&o.maxRelated, "max-related", huntflow.DefaultMaxRelated, "related events each enrichment keeps at most")
	fs.StringVar(&o.host, "host", "", "hunt on this host only")
	fs.StringVar(&o.id, "id", "", "workflow ID (default: hunt-<timestamp>-<start time>)")
	fs.BoolVar(&o.noWait, "no-wait", false, "print the workflow ID and return without waiting")
	fs.BoolVar(&o.asJSON, "json", false, "print the hunt result as JSON")
	fs.StringVar(&o.out, "out", "", "also copy report.md here (and report.html beside it) when the worker wrote them on this machine")
	fs.DurationVar(&o.timeout, "timeout", 30*time.Minute, "how long to wait for the hunt")
	fs.DurationVar(&o.every, "schedule-every", 0, "create a Temporal Schedule that hunts at this interval (e.g. 1h)")
	fs.DurationVar(&o.lookback, "lookback", 0, "with --schedule-every: how far back each scheduled hunt looks (default: the interval)")
	fs.StringVar(&o.address, "address", envOr("TEMPORAL_ADDRESS", client.DefaultHostPort), "Temporal frontend host:port (env TEMPORAL_ADDRESS)")
	fs.StringVar(&o.namespace, "namespace", envOr("TEMPORAL_NAMESPACE", client.DefaultNamespace), "Temporal namespace (env TEMPORAL_NAMESPACE)")
	fs.StringVar(&o.taskQueue, "task-queue", envOr("HUNTFLOW_TASK_QUEUE", workflows.TaskQueue), "task queue (env HUNTFLOW_TASK_QUEUE)")
	fs.StringVar(&o.ui, "ui", envOr("TEMPORAL_UI", "http://localhost:8233"), "Temporal Web UI base URL, for links (env TEMPORAL_UI)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}

	// Zero means "default" inside a request; on the command line a zero or
	// negative value is a mistake to report, not to paper over.
	switch {
	case o.window <= 0:
		fmt.Fprintf(stderr, "starter: --window must be positive, got %s\n", o.window)
		return 2
	case !(o.threshold > 0 && o.threshold <= 1): // NaN fails both
		fmt.Fprintf(stderr, "starter: --threshold must be in (0,1], got %g\n", o.threshold)
		return 2
	case o.maxIterations <= 0:
		fmt.Fprintf(stderr, "starter: --max-iterations must be 1 or more, got %d\n", o.maxIterations)
		return 2
	case o.enrichRadius < 0 || o.maxEnrich < 0 || o.maxRelated < 0:
		fmt.Fprintf(stderr, "starter: --enrich-radius, --max-enrich and --max-related must not be negative\n")
		return 2
	case o.lookback < 0 || o.every < 0 || o.timeout <= 0:
		fmt.Fprintf(stderr, "starter: --lookback and --schedule-every must not be negative, --timeout must be positive\n")
		return 2
	}
	req := huntflow.HuntRequest{
		Window: o.window, Threshold: o.threshold, MaxIterations: o.maxIterations,
		EnrichRadius: o.enrichRadius, MaxEnrichFindings: o.maxEnrich, MaxRelated: o.maxRelated, Host: o.host,
	}
	for _, l := range strings.Split(o.queries, ",") {
		if l = strings.ToLower(strings.TrimSpace(l)); l != "" {
			req.QueryLanguages = append(req.QueryLanguages, l)
		}
	}
	if o.every > 0 {
		if o.timestamp != "" || o.noWait || o.asJSON {
			fmt.Fprintln(stderr, "starter: --schedule-every takes no --timestamp, --no-wait or --json: each run hunts the last --lookback")
			return 2
		}
		// The older spelling of `starter schedule create --every`.
		s := scheduleSpec{id: o.id, every: o.every, lookback: o.lookback, catchup: 24 * time.Hour, overlap: "buffer-all",
			req: req, taskQueue: o.taskQueue, namespace: o.namespace}
		if err := s.check(); err != nil {
			fmt.Fprintf(stderr, "starter: %v\n", err)
			return 2
		}
		sf := scheduleFlags{address: o.address, namespace: o.namespace, taskQueue: o.taskQueue, ui: o.ui}
		return withClient(ctx, &sf, stderr, func(c client.Client) int { return createSchedule(ctx, c, s, &sf, stdout, stderr) })
	} else {
		if o.timestamp == "" {
			fmt.Fprintln(stderr, "starter: --timestamp is required, e.g. --timestamp 2020-05-01T23:22:00")
			return 2
		}
		t, zoned, err := huntflow.ParseTimeZoned(o.timestamp)
		if err != nil {
			fmt.Fprintf(stderr, "starter: --timestamp: %v\n", err)
			return 2
		}
		req.Start = t
		req.LocalTime = !zoned && !o.utc
		if err := req.WithDefaults().Validate(); err != nil {
			fmt.Fprintf(stderr, "starter: %v\n", err)
			return 2
		}
	}

	dialCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	// The worker's payload codec: with HUNTFLOW_CODEC_KEY set, the hunt's
	// request and result travel encrypted.
	payloadCodec, err := codec.FromEnv(os.Getenv)
	if err != nil {
		fmt.Fprintf(stderr, "starter: %v\n", err)
		return 2
	}
	c, err := client.DialContext(dialCtx, client.Options{HostPort: o.address, Namespace: o.namespace, Logger: log.NewStructuredLogger(quietLogger()), DataConverter: codec.DataConverter(payloadCodec), FailureConverter: codec.FailureConverter(payloadCodec)})
	if err != nil {
		fmt.Fprintf(stderr, "starter: cannot reach Temporal at %s (is `temporal server start-dev` running?): %v\n", o.address, err)
		return 1
	}
	defer c.Close()

	id := o.id
	if id == "" {
		id = fmt.Sprintf("hunt-%s-%d", req.Start.UTC().Format("20060102T150405Z"), time.Now().UnixMilli())
	}
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:                       id,
		TaskQueue:                o.taskQueue,
		WorkflowExecutionTimeout: 24 * time.Hour,
		StaticSummary:            requestSummary(req),
		StaticDetails:            requestDetails(req),
		WorkflowIDReusePolicy:    enums.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY,
		// Never hand back an earlier hunt's result as if this one ran.
		WorkflowExecutionErrorWhenAlreadyStarted: true,
	}, workflows.HuntWorkflow, req)
	var already *serviceerror.WorkflowExecutionAlreadyStarted
	if errors.As(err, &already) {
		fmt.Fprintf(stderr, "starter: --id %s names a hunt that already ran or is running (run %s); choose another --id, or open it in the Web UI: %s\n",
			id, already.RunId, uiLink(o.ui, o.namespace, id, already.RunId))
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "starter: start hunt: %v\n", err)
		return 1
	}
	link := uiLink(o.ui, o.namespace, run.GetID(), run.GetRunID())
	if o.noWait {
		fmt.Fprintln(stdout, run.GetID())
		fmt.Fprintf(stderr, "hunt started: %s\nWeb UI: %s\n", run.GetID(), link)
		return 0
	}
	fmt.Fprintf(stderr, "hunt %s started; Web UI: %s\n", run.GetID(), link)
	if req.LocalTime {
		fmt.Fprintf(stderr, "%s has no offset: the hunt reads it in the logs' local time when they carry one, else as UTC (--utc forces UTC)\n", o.timestamp)
	}

	waitCtx, waitCancel := context.WithTimeout(ctx, o.timeout)
	defer waitCancel()
	var res huntflow.HuntResult
	if err := run.Get(waitCtx, &res); err != nil {
		if waitCtx.Err() != nil && ctx.Err() == nil {
			fmt.Fprintf(stderr, "starter: hunt %s is still running after %s; follow it in the Web UI: %s\n", run.GetID(), o.timeout, link)
			return 3
		}
		if codec.Undecodable(err) {
			fmt.Fprintf(stderr, "starter: hunt %s ran, but its result is encrypted with a key this starter does not hold (%v): set HUNTFLOW_CODEC_KEY or HUNTFLOW_CODEC_KEY_FILE (and old keys) as on the workers\nWeb UI: %s\n", run.GetID(), err, link)
			return 1
		}
		fmt.Fprintf(stderr, "starter: hunt %s failed: %s\nWeb UI: %s\n", run.GetID(), failure(err), link)
		return 1
	}
	code := 0
	if res.TimeReading != "" {
		fmt.Fprintf(stderr, "start time: %s\n", res.TimeReading)
	}
	if res.Events == 0 {
		fmt.Fprintf(stderr, "starter: no events in range: %s\n", lastNote(res.Notes, "No events in the hunt's windows"))
		code = exitNoEvents
	}
	if o.out != "" {
		if err := copyFile(res.ReportPath, o.out); err != nil {
			fmt.Fprintf(stderr, "starter: the hunt finished but its report could not be copied to %s: %v\n", o.out, err)
			code = 1
		} else {
			res.ReportPath = o.out
			if res.HTMLPath != "" {
				if err := copyFile(res.HTMLPath, htmlBeside(o.out)); err != nil {
					fmt.Fprintf(stderr, "starter: the hunt finished but report.html could not be copied to %s: %v\n", htmlBeside(o.out), err)
					code = 1
				} else {
					res.HTMLPath = htmlBeside(o.out)
				}
			}
		}
	}
	if o.asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(res)
		return code
	}
	printSummary(stdout, res, link)
	return code
}

func printSummary(w io.Writer, res huntflow.HuntResult, link string) {
	fmt.Fprintf(w, "Threat level: %s\n", strings.ToUpper(res.ThreatLevel.String()))
	fmt.Fprintf(w, "Category:     %s (confidence %.2f after %d window(s), stopped on %s)\n", res.Category, res.Confidence, res.Iterations, res.Stopped)
	fmt.Fprintf(w, "Findings:     %d over %d events\n", len(res.Findings), res.Events)
	if len(res.Techniques) == 0 {
		fmt.Fprintln(w, "Techniques:   none")
	} else {
		fmt.Fprintln(w, "Techniques:")
		for _, t := range res.Techniques {
			fmt.Fprintf(w, "  %-10s %s (%s)\n", t.ID, t.Name, t.Severity)
		}
	}
	fmt.Fprintf(w, "Report:       %s\n", res.ReportPath)
	if res.HTMLPath != "" {
		fmt.Fprintf(w, "HTML report:  %s\n", res.HTMLPath)
	}
	fmt.Fprintf(w, "Result JSON:  %s\n", res.JSONPath)
	fmt.Fprintf(w, "ATT&CK layer: %s\n", res.LayerPath)
	fmt.Fprintf(w, "Web UI:       %s\n", link)
}

func uiLink(base, namespace, id, runID string) string {
	return fmt.Sprintf("%s/namespaces/%s/workflows/%s/%s/history", strings.TrimRight(base, "/"), url.PathEscape(namespace), url.PathEscape(id), url.PathEscape(runID))
}

// failure says why a hunt failed, once: the step that failed and the root
// cause's message. Temporal nests the same message in every layer of the
// error chain, so printing the chain repeats it.
func failure(err error) string {
	var step string
	var root *temporal.ApplicationError
	for e := err; e != nil; e = errors.Unwrap(e) {
		if a, ok := e.(*temporal.ActivityError); ok && step == "" && a.ActivityType() != nil {
			step = a.ActivityType().GetName()
		}
		if a, ok := e.(*temporal.ApplicationError); ok {
			root = a
		}
	}
	msg := err.Error()
	if root != nil {
		msg = root.Message()
	}
	if step != "" {
		return "step " + step + ": " + msg
	}
	return msg
}

// htmlBeside names the copy of report.html that goes with a copy of
// report.md: report.md → report.html.
func htmlBeside(mdPath string) string {
	return strings.TrimSuffix(mdPath, ".md") + ".html"
}

func copyFile(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o644)
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

// quietLogger keeps the SDK's own info logs off the terminal; the starter
// prints what matters itself.
func quietLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// lastNote returns the last note that starts with prefix.
func lastNote(notes []string, prefix string) string {
	for i := len(notes) - 1; i >= 0; i-- {
		if strings.HasPrefix(notes[i], prefix) {
			return notes[i]
		}
	}
	return prefix
}

// requestSummary is the one line the Web UI lists a hunt by.
func requestSummary(r huntflow.HuntRequest) string {
	r = r.WithDefaults()
	s := fmt.Sprintf("Hunt %s from %s", r.Window, r.Start.UTC().Format("2006-01-02 15:04Z"))
	if r.LocalTime {
		s = fmt.Sprintf("Hunt %s from %s (logs' local time)", r.Window, r.Start.Format("2006-01-02 15:04"))
	}
	if r.MaxIterations > 1 {
		s += fmt.Sprintf(", up to %d windows", r.MaxIterations)
	}
	if r.Host != "" {
		s += " on " + r.Host
	}
	return s
}

// requestDetails says what a hunt was asked to do, as Markdown for the Web
// UI: the span, scope and settings (never event content).
func requestDetails(r huntflow.HuntRequest) string {
	r = r.WithDefaults()
	var b strings.Builder
	if r.Lookback > 0 {
		fmt.Fprintf(&b, "- **Slot:** the %s ending %s before each scheduled time\n", r.Lookback, r.Lag)
	} else {
		start, end := r.Span()
		zone := "UTC"
		if r.LocalTime {
			zone = "the logs' local time, where they carry one; else UTC"
		}
		fmt.Fprintf(&b, "- **Span:** %s to at most %s (%s)\n", start.Format("2006-01-02T15:04:05"), end.Format("2006-01-02T15:04:05"), zone)
		fmt.Fprintf(&b, "- **Windows:** %s, up to %d, until confidence ≥ %.2f\n", r.Window, r.MaxIterations, r.Threshold)
	}
	host := "all hosts"
	if r.Host != "" {
		host = r.Host
	}
	fmt.Fprintf(&b, "- **Hosts:** %s\n", host)
	fmt.Fprintf(&b, "- **Enrichment:** ±%s, %d findings, %d related events each\n", r.EnrichRadius, r.MaxEnrichFindings, r.MaxRelated)
	langs := r.QueryLanguages
	if len(langs) == 0 {
		langs = huntflow.DefaultQueryLanguages
	}
	fmt.Fprintf(&b, "- **Hunting queries:** %s\n", strings.Join(langs, ", "))
	return b.String()
}
