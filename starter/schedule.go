package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"strings"
	"text/tabwriter"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/log"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/workflows"
)

const scheduleUsage = `usage: starter schedule VERB [flags] [ID]

Hunts on a timetable, through Temporal Schedules. Each run hunts exactly its
slot [scheduled − every − lag, scheduled − lag), so runs tile time with no gap
and no overlap; findings an earlier run reported are marked "seen before".

  create    --every 1h | --cron "0 * * * *" --lookback 1h  [--lag 5m] [--id ID]
            [--catchup 24h] [--overlap buffer-all|buffer-one] [--host H] [--paused]
  list
  describe  ID
  pause     ID [--note TEXT]
  unpause   ID [--note TEXT]
  trigger   ID            run one hunt now (for the slot ending now − lag)
  backfill  ID --from T --to T   hunt a past range slot by slot (e.g. the APT29 day)
  delete    ID
`

// scheduleFlags are the flags every verb takes.
type scheduleFlags struct {
	address, namespace, taskQueue, ui string
}

func (f *scheduleFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.address, "address", envOr("TEMPORAL_ADDRESS", client.DefaultHostPort), "Temporal frontend host:port (env TEMPORAL_ADDRESS)")
	fs.StringVar(&f.namespace, "namespace", envOr("TEMPORAL_NAMESPACE", client.DefaultNamespace), "Temporal namespace (env TEMPORAL_NAMESPACE)")
	fs.StringVar(&f.taskQueue, "task-queue", envOr("HUNTFLOW_TASK_QUEUE", workflows.TaskQueue), "task queue (env HUNTFLOW_TASK_QUEUE)")
	fs.StringVar(&f.ui, "ui", envOr("TEMPORAL_UI", "http://localhost:8233"), "Temporal Web UI base URL, for links (env TEMPORAL_UI)")
}

func (f *scheduleFlags) dial(ctx context.Context, stderr io.Writer) (client.Client, bool) {
	dialCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	c, err := client.DialContext(dialCtx, client.Options{HostPort: f.address, Namespace: f.namespace, Logger: log.NewStructuredLogger(quietLogger())})
	if err != nil {
		fmt.Fprintf(stderr, "starter: cannot reach Temporal at %s (is `temporal server start-dev` running?): %v\n", f.address, err)
		return nil, false
	}
	return c, true
}

func (f *scheduleFlags) link(id string) string {
	return fmt.Sprintf("%s/namespaces/%s/schedules/%s", strings.TrimRight(f.ui, "/"), url.PathEscape(f.namespace), url.PathEscape(id))
}

// runSchedule is `starter schedule VERB …`.
func runSchedule(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stderr, scheduleUsage)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	verb, args := args[0], args[1:]
	var sf scheduleFlags
	fs := flag.NewFlagSet("starter schedule "+verb, flag.ContinueOnError)
	fs.SetOutput(stderr)
	sf.register(fs)
	switch verb {
	case "create":
		return scheduleCreate(ctx, fs, &sf, args, stdout, stderr)
	case "list":
		if code, ok := parseFlags(fs, args, 0); !ok {
			return code
		}
		return withClient(ctx, &sf, stderr, func(c client.Client) int { return scheduleList(ctx, c, stdout, stderr) })
	case "describe", "pause", "unpause", "trigger", "delete", "backfill":
		note := fs.String("note", "", "with pause/unpause: why (shown in the Web UI)")
		from := fs.String("from", "", "with backfill: start of the range to hunt (as --timestamp)")
		to := fs.String("to", "", "with backfill: end of the range to hunt")
		if code, ok := parseFlags(fs, args, 1); !ok {
			return code
		}
		id := fs.Arg(0)
		var start, end time.Time
		if verb == "backfill" {
			var err error
			if start, end, err = backfillRange(*from, *to); err != nil {
				fmt.Fprintln(stderr, "starter:", err)
				return 2
			}
		}
		return withClient(ctx, &sf, stderr, func(c client.Client) int {
			h := c.ScheduleClient().GetHandle(ctx, id)
			var err error
			switch verb {
			case "describe":
				return scheduleDescribe(ctx, h, &sf, stdout, stderr)
			case "pause":
				err = h.Pause(ctx, client.SchedulePauseOptions{Note: orText(*note, "paused with huntflow's starter")})
			case "unpause":
				err = h.Unpause(ctx, client.ScheduleUnpauseOptions{Note: orText(*note, "unpaused with huntflow's starter")})
			case "trigger":
				err = h.Trigger(ctx, client.ScheduleTriggerOptions{Overlap: enums.SCHEDULE_OVERLAP_POLICY_BUFFER_ALL})
			case "delete":
				err = h.Delete(ctx)
			case "backfill":
				err = h.Backfill(ctx, client.ScheduleBackfillOptions{Backfill: []client.ScheduleBackfill{{
					Start: start, End: end, Overlap: enums.SCHEDULE_OVERLAP_POLICY_BUFFER_ALL,
				}}})
			}
			if err != nil {
				fmt.Fprintf(stderr, "starter: schedule %s %s: %v\n", verb, id, err)
				return 1
			}
			switch verb {
			case "backfill":
				fmt.Fprintf(stderr, "schedule %s: hunting %s to %s slot by slot; follow the runs in the Web UI: %s\n", id, start.Format(time.RFC3339), end.Format(time.RFC3339), sf.link(id))
			default:
				fmt.Fprintf(stderr, "schedule %s: %s done\n", id, verb)
			}
			return 0
		})
	}
	fmt.Fprintf(stderr, "starter: unknown schedule verb %q\n\n%s", verb, scheduleUsage)
	return 2
}

// parseFlags parses flags that may come before or after the positional
// arguments, and wants exactly n of those.
func parseFlags(fs *flag.FlagSet, args []string, n int) (int, bool) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return 0, false
			}
			return 2, false
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(pos) != n {
		if n == 1 {
			fmt.Fprintf(fs.Output(), "starter: %s takes one schedule ID\n", fs.Name())
		} else {
			fmt.Fprintf(fs.Output(), "starter: %s takes no arguments\n", fs.Name())
		}
		return 2, false
	}
	_ = fs.Parse(pos) // leaves the positional arguments in fs.Args()
	return 0, true
}

func withClient(ctx context.Context, sf *scheduleFlags, stderr io.Writer, fn func(client.Client) int) int {
	c, ok := sf.dial(ctx, stderr)
	if !ok {
		return 1
	}
	defer c.Close()
	return fn(c)
}

func orText(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

func backfillRange(from, to string) (time.Time, time.Time, error) {
	if from == "" || to == "" {
		return time.Time{}, time.Time{}, errors.New("backfill needs --from and --to")
	}
	start, err := huntflow.ParseTime(from)
	if err != nil {
		return time.Time{}, time.Time{}, fmt.Errorf("--from: %w", err)
	}
	end, err := huntflow.ParseTime(to)
	if err != nil {
		return time.Time{}, time.Time{}, fmt.Errorf("--to: %w", err)
	}
	if !end.After(start) {
		return time.Time{}, time.Time{}, errors.New("--to must be after --from")
	}
	return start, end, nil
}

// scheduleSpec is what `schedule create` (and --schedule-every) asks for.
type scheduleSpec struct {
	id                   string
	every, lookback, lag time.Duration
	catchup              time.Duration
	cron, overlap        string
	paused               bool
	req                  huntflow.HuntRequest
	taskQueue, namespace string
}

func scheduleCreate(ctx context.Context, fs *flag.FlagSet, sf *scheduleFlags, args []string, stdout, stderr io.Writer) int {
	var s scheduleSpec
	var host, queries string
	fs.StringVar(&s.id, "id", "", "schedule ID (default: huntflow-every-<every>)")
	fs.DurationVar(&s.every, "every", 0, "hunt at this interval (e.g. 1h); each run hunts the last interval")
	fs.StringVar(&s.cron, "cron", "", "hunt on this cron timetable instead (needs --lookback)")
	fs.DurationVar(&s.lookback, "lookback", 0, "length of each run's slot (default: --every)")
	fs.DurationVar(&s.lag, "lag", 0, "hunt the slot that ended this long before the scheduled time, for late-arriving logs")
	fs.DurationVar(&s.catchup, "catchup", 24*time.Hour, "after an outage, runs missed within this window still run (in order)")
	fs.StringVar(&s.overlap, "overlap", "buffer-all", "when a run is due while the last still runs: buffer-all (run every slot in turn) or buffer-one")
	fs.BoolVar(&s.paused, "paused", false, "create the schedule paused")
	fs.StringVar(&host, "host", "", "hunt on this host only")
	fs.StringVar(&queries, "queries", strings.Join(huntflow.DefaultQueryLanguages, ","), "languages of the reports' hunting queries")
	if code, ok := parseFlags(fs, args, 0); !ok {
		return code
	}
	s.req = huntflow.HuntRequest{Host: host, QueryLanguages: splitList(queries)}
	s.taskQueue, s.namespace = sf.taskQueue, sf.namespace
	if err := s.check(); err != nil {
		fmt.Fprintln(stderr, "starter:", err)
		return 2
	}
	return withClient(ctx, sf, stderr, func(c client.Client) int { return createSchedule(ctx, c, s, sf, stdout, stderr) })
}

func splitList(s string) []string {
	var out []string
	for _, l := range strings.Split(s, ",") {
		if l = strings.ToLower(strings.TrimSpace(l)); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// check validates a schedule before anything is sent: the runs' request is
// validated as the workflow will validate it.
func (s *scheduleSpec) check() error {
	switch {
	case s.every < 0 || s.lookback < 0 || s.lag < 0 || s.catchup < 0:
		return errors.New("--every, --lookback, --lag and --catchup must not be negative")
	case (s.every > 0) == (s.cron != ""):
		return errors.New("give exactly one of --every and --cron")
	case s.cron != "" && s.lookback == 0:
		return errors.New("--cron needs --lookback: how much time each run hunts")
	case s.every > 0 && s.every < time.Minute:
		return fmt.Errorf("--every %s is shorter than a minute", s.every)
	case s.overlap != "buffer-all" && s.overlap != "buffer-one":
		return fmt.Errorf("--overlap %q: want buffer-all or buffer-one (a schedule never silently skips a slot)", s.overlap)
	}
	if s.lookback == 0 {
		s.lookback = s.every
	}
	if s.id == "" {
		s.id = "huntflow-every-" + s.every.String()
		if s.cron != "" {
			s.id = "huntflow-cron"
		}
	}
	// Each run reads its whole slot as one window: a scheduled hunt must
	// cover its period, not stop at the first confident window.
	s.req.Lookback, s.req.Lag = s.lookback, s.lag
	s.req.Window, s.req.MaxIterations = s.lookback, 1
	probe := s.req
	probe.Start = time.Unix(0, 0)
	return probe.WithDefaults().Validate()
}

func createSchedule(ctx context.Context, c client.Client, s scheduleSpec, sf *scheduleFlags, stdout, stderr io.Writer) int {
	spec := client.ScheduleSpec{}
	if s.cron != "" {
		spec.CronExpressions = []string{s.cron}
	} else {
		spec.Intervals = []client.ScheduleIntervalSpec{{Every: s.every}}
	}
	overlap := enums.SCHEDULE_OVERLAP_POLICY_BUFFER_ALL
	if s.overlap == "buffer-one" {
		overlap = enums.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE
	}
	every := s.every.String()
	if s.cron != "" {
		every = "cron " + s.cron
	}
	summary := fmt.Sprintf("Hunt every %s: slot of %s ending %s before the scheduled time", every, s.lookback, s.lag)
	_, err := c.ScheduleClient().Create(ctx, client.ScheduleOptions{
		ID:            s.id,
		Spec:          spec,
		Overlap:       overlap,
		CatchupWindow: s.catchup,
		Paused:        s.paused,
		Note:          summary,
		Action: &client.ScheduleWorkflowAction{
			ID:            s.id + "-run",
			Workflow:      workflows.HuntWorkflow,
			Args:          []any{s.req},
			TaskQueue:     s.taskQueue,
			StaticSummary: summary,
			StaticDetails: requestDetails(s.req),
		},
	})
	if err != nil {
		fmt.Fprintf(stderr, "starter: create schedule %s: %v\n", s.id, err)
		return 1
	}
	fmt.Fprintln(stdout, s.id)
	fmt.Fprintf(stderr, "schedule %s created: every run hunts [scheduled − %s − %s, scheduled − %s)\nWeb UI: %s\n",
		s.id, s.lookback, s.lag, s.lag, sf.link(s.id))
	return 0
}

func scheduleList(ctx context.Context, c client.Client, stdout, stderr io.Writer) int {
	it, err := c.ScheduleClient().List(ctx, client.ScheduleListOptions{PageSize: 100})
	if err != nil {
		fmt.Fprintf(stderr, "starter: list schedules: %v\n", err)
		return 1
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSPEC\tPAUSED\tNEXT RUN")
	for it.HasNext() {
		e, err := it.Next()
		if err != nil {
			fmt.Fprintf(stderr, "starter: list schedules: %v\n", err)
			return 1
		}
		next := "—"
		if len(e.NextActionTimes) > 0 {
			next = e.NextActionTimes[0].UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "%s\t%s\t%v\t%s\n", e.ID, specString(e.Spec), e.Paused, next)
	}
	return flushOK(tw, stderr)
}

func flushOK(tw *tabwriter.Writer, stderr io.Writer) int {
	if err := tw.Flush(); err != nil {
		fmt.Fprintln(stderr, "starter:", err)
		return 1
	}
	return 0
}

func specString(s *client.ScheduleSpec) string {
	if s == nil {
		return "—"
	}
	var parts []string
	for _, iv := range s.Intervals {
		parts = append(parts, "every "+iv.Every.String())
	}
	for _, c := range s.CronExpressions {
		parts = append(parts, "cron "+c)
	}
	for _, c := range s.Calendars {
		parts = append(parts, fmt.Sprintf("calendar %v", c.Comment))
	}
	if len(parts) == 0 {
		return "—"
	}
	return strings.Join(parts, "; ")
}

func scheduleDescribe(ctx context.Context, h client.ScheduleHandle, sf *scheduleFlags, stdout, stderr io.Writer) int {
	d, err := h.Describe(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "starter: describe schedule %s: %v\n", h.GetID(), err)
		return 1
	}
	fmt.Fprintf(stdout, "Schedule:   %s\n", h.GetID())
	fmt.Fprintf(stdout, "Spec:       %s\n", specString(d.Schedule.Spec))
	if d.Schedule.Policy != nil {
		fmt.Fprintf(stdout, "Overlap:    %s, catch-up window %s\n", d.Schedule.Policy.Overlap, d.Schedule.Policy.CatchupWindow)
	}
	if d.Schedule.State != nil {
		fmt.Fprintf(stdout, "Paused:     %v", d.Schedule.State.Paused)
		if d.Schedule.State.Note != "" {
			fmt.Fprintf(stdout, " (%s)", d.Schedule.State.Note)
		}
		fmt.Fprintln(stdout)
	}
	if a, ok := d.Schedule.Action.(*client.ScheduleWorkflowAction); ok && len(a.Args) == 1 {
		// Described actions carry their arguments as payloads.
		var req huntflow.HuntRequest
		if p, ok := a.Args[0].(*commonpb.Payload); ok && converter.GetDefaultDataConverter().FromPayload(p, &req) == nil {
			fmt.Fprintf(stdout, "Slot:       %s, ending %s before the scheduled time\n", req.Lookback, req.Lag)
		}
	}
	fmt.Fprintf(stdout, "Runs:       %d (%d missed by the catch-up window, %d skipped by overlap)\n",
		d.Info.NumActions, d.Info.NumActionsMissedCatchupWindow, d.Info.NumActionsSkippedOverlap)
	for _, r := range d.Info.RecentActions {
		id := ""
		if r.StartWorkflowResult != nil {
			id = r.StartWorkflowResult.WorkflowID
		}
		fmt.Fprintf(stdout, "  ran %s for %s: %s\n", r.ActualTime.UTC().Format(time.RFC3339), r.ScheduleTime.UTC().Format(time.RFC3339), id)
	}
	for _, t := range d.Info.NextActionTimes {
		fmt.Fprintf(stdout, "  next %s\n", t.UTC().Format(time.RFC3339))
	}
	fmt.Fprintf(stdout, "Web UI:     %s\n", sf.link(h.GetID()))
	return 0
}
