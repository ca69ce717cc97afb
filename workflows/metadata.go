package workflows

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/activities"
)

// summarize names an activity call the way the Web UI's timeline shows it
// ("classify window 2: 09:58–10:03Z"), so the timeline reads like the hunt.
func summarize(ctx workflow.Context, s string) workflow.Context {
	opts := workflow.GetActivityOptions(ctx)
	opts.Summary = s
	return workflow.WithActivityOptions(ctx, opts)
}

func windowLabel(n int, w huntflow.Window) string {
	start, end := w.Start.UTC(), w.End.UTC()
	if start.YearDay() == end.YearDay() && start.Year() == end.Year() {
		return fmt.Sprintf("window %d: %s–%sZ", n, start.Format("15:04"), end.Format("15:04"))
	}
	return fmt.Sprintf("window %d: %s–%sZ", n, start.Format("2006-01-02 15:04"), end.Format("2006-01-02 15:04"))
}

// maxDetailHosts caps the hosts the details name.
const maxDetailHosts = 10

// currentDetails is the hunt's state as Markdown for the Web UI's "current
// details": where it is, what it read and found so far. It names no event
// content: user names, IPs and command lines stay in the (encryptable)
// payloads, never in metadata.
func currentDetails(req huntflow.HuntRequest, setup activities.Setup, p Progress, res *huntflow.HuntResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**Stage:** %s", p.Stage)
	if p.Iteration > 0 {
		fmt.Fprintf(&b, " — window %d of at most %d (%s)", p.Iteration, req.MaxIterations, p.Window)
	}
	b.WriteString("\n\n")
	start, end := req.Span()
	fmt.Fprintf(&b, "- **Hunting:** %s windows from %s (up to %s)\n", req.Window, start.UTC().Format(time.RFC3339), end.UTC().Format(time.RFC3339))
	if res.TimeReading != "" {
		fmt.Fprintf(&b, "- **Start time:** %s\n", res.TimeReading)
	}
	hosts := setup.StoreStats.Hosts
	scope := fmt.Sprintf("%d hosts", len(hosts))
	if req.Host != "" {
		scope = "host " + req.Host
	} else if len(hosts) <= maxDetailHosts {
		scope = strings.Join(hosts, ", ")
	}
	fmt.Fprintf(&b, "- **Hosts:** %s\n", scope)
	fmt.Fprintf(&b, "- **Analysts:** %s", setup.Analyst)
	if setup.Rules > 0 {
		fmt.Fprintf(&b, " (%d rules)", setup.Rules)
	}
	b.WriteString("\n")
	fmt.Fprintf(&b, "- **Events read:** %d\n", p.Events)
	fmt.Fprintf(&b, "- **Findings:** %d\n", max(p.Findings, len(res.Findings)))
	if res.ThreatLevel != huntflow.SeverityNone {
		fmt.Fprintf(&b, "- **Threat level:** %s\n", strings.ToUpper(res.ThreatLevel.String()))
	}
	if len(res.Techniques) > 0 {
		ts := slices.Clone(res.Techniques)
		slices.SortStableFunc(ts, func(a, b huntflow.TechniqueHit) int { return int(b.Severity) - int(a.Severity) })
		var ids []string
		for _, t := range ts[:min(5, len(ts))] {
			ids = append(ids, t.ID)
		}
		fmt.Fprintf(&b, "- **Top techniques:** %s\n", strings.Join(ids, ", "))
	}
	return b.String()
}
