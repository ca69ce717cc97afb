// Package workflows holds the hunt as a Temporal workflow: the loop of the
// original notebook (fetch a window, classify, widen while unsure, map to
// ATT&CK, enrich, report) written as deterministic workflow code whose every
// step is a retryable activity.
package workflows

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/activities"
	"github.com/huntflow/huntflow/report"
)

// TaskQueue is the default task queue of hunts.
const TaskQueue = "huntflow"

// ProgressQuery is the name of the query that reports a hunt's progress.
const ProgressQuery = "progress"

// Search attributes a hunt sets so hunts can be listed and filtered in the
// Web UI (e.g. ThreatLevel = "critical").
var (
	ThreatLevelKey = temporal.NewSearchAttributeKeyKeyword("ThreatLevel")
	CategoryKey    = temporal.NewSearchAttributeKeyKeyword("Category")
	// scheduledStartKey and scheduledByKey are set by Temporal Schedules on
	// the runs they start.
	scheduledStartKey = temporal.NewSearchAttributeKeyTime("TemporalScheduledStartTime")
	scheduledByKey    = temporal.NewSearchAttributeKeyKeyword("TemporalScheduledById")
)

// Progress is what the progress query returns.
type Progress struct {
	Stage      string          `json:"stage"`
	Iteration  int             `json:"iteration"`
	Window     huntflow.Window `json:"window"`
	Confidence float64         `json:"confidence"`
	Category   string          `json:"category"`
	Events     int             `json:"events"`
	Findings   int             `json:"findings"`
	Techniques int             `json:"techniques"`
	Enriched   int             `json:"enriched"`
	// LLM usage so far, and why LLM steps are skipped ("" while they run).
	LLMPromptTokens     int    `json:"llm_prompt_tokens,omitempty"`
	LLMCompletionTokens int    `json:"llm_completion_tokens,omitempty"`
	LLMSkipped          string `json:"llm_skipped,omitempty"`
}

// Stages of a hunt, as the progress query reports them.
const (
	StageStarting   = "starting"
	StageFetching   = "fetching"
	StageClassify   = "classifying"
	StageReasoning  = "reasoning"
	StageMapping    = "mapping"
	StageEnriching  = "enriching"
	StageReporting  = "reporting"
	StageSaving     = "saving"
	StageDone       = "done"
	maxHuntFindings = 100
)

// HuntWorkflow hunts from req.Start forward, one contiguous window at a
// time, until the analysts are confident enough or the iterations run out,
// then maps, enriches and reports what it found.
func HuntWorkflow(ctx workflow.Context, req huntflow.HuntRequest) (huntflow.HuntResult, error) {
	req = req.WithDefaults()
	if req.Start.IsZero() && req.Lookback > 0 {
		// A scheduled hunt covers its slot: the period of Lookback that ended
		// Lag before the time it was scheduled for (not when a worker got to
		// it, so an outage leaves no gap between runs).
		now := workflow.Now(ctx)
		if t, ok := workflow.GetTypedSearchAttributes(ctx).GetTime(scheduledStartKey); ok && !t.IsZero() {
			now = t
		}
		req.Start = now.Add(-req.Lookback - req.Lag).Truncate(time.Second)
	}
	if err := req.Validate(); err != nil {
		return huntflow.HuntResult{}, temporal.NewNonRetryableApplicationError(err.Error(), activities.ErrBadInput, nil)
	}
	req.Start = req.Start.UTC()

	progress := Progress{Stage: StageStarting}
	if err := workflow.SetQueryHandler(ctx, ProgressQuery, func() (Progress, error) { return progress, nil }); err != nil {
		return huntflow.HuntResult{}, fmt.Errorf("register progress query: %w", err)
	}
	logger := workflow.GetLogger(ctx)
	var a *activities.Activities

	res := huntflow.HuntResult{HuntID: workflow.GetInfo(ctx).WorkflowExecution.ID, Request: req}

	var setup activities.Setup
	if err := workflow.ExecuteActivity(summarize(storeCtx(ctx), "describe the store"), a.Describe, req.Host).Get(ctx, &setup); err != nil {
		return res, fmt.Errorf("describe store: %w", err)
	}
	res.Analyst = setup.Analyst
	if req.LocalTime {
		req, res.TimeReading = readLocalStart(ctx, req, setup.Clocks)
		res.Request = req
	}
	show := func() { workflow.SetCurrentDetails(ctx, currentDetails(req, setup, progress, &res)) }
	show()

	// Version 1: LLM steps are bounded in total time, stop for the rest of
	// the hunt once one gives up or the token budget is spent, and the
	// report's prose is a step of its own.
	hardened := workflow.GetVersion(ctx, llmHardeningChange, workflow.DefaultVersion, 1) >= 1
	gate := newLLMGate(setup, hardened)
	if gate.enabled {
		res.LLMUsage = &gate.usage
	}

	// The confidence loop: read contiguous windows until confident.
	findings := newFindingSet(maxHuntFindings)
	window := huntflow.Window{Start: req.Start, End: req.Start.Add(req.Window)}
	for iter := 1; ; iter++ {
		progress.Iteration, progress.Window = iter, window
		in := activities.WindowInput{Window: window, Host: req.Host}

		progress.Stage = StageFetching
		show()
		label := windowLabel(iter, window)
		var summary activities.WindowSummary
		if err := workflow.ExecuteActivity(summarize(storeCtx(ctx), "fetch "+label), a.FetchWindow, in).Get(ctx, &summary); err != nil {
			return res, fmt.Errorf("fetch window %s: %w", window, err)
		}
		res.Windows = append(res.Windows, window)
		res.Events += summary.Events
		progress.Events = res.Events

		var cls huntflow.Classification
		if summary.Events > 0 {
			progress.Stage = StageClassify
			if err := workflow.ExecuteActivity(summarize(classifyCtx(ctx), fmt.Sprintf("classify %s (%d events)", label, summary.Events)), a.ClassifyWindow, in).Get(ctx, &cls); err != nil {
				return res, fmt.Errorf("classify window %s: %w", window, err)
			}
			res.Notes = append(res.Notes, cls.Notes...)
			if setup.LLM && gate.allow(&res) {
				progress.Stage = StageReasoning
				var llm huntflow.Classification
				err := workflow.ExecuteActivity(summarize(gate.ctx(ctx), "LLM review of "+label), a.ReasonWindow, activities.ReasonInput{WindowInput: in, Findings: citing(cls.Findings)}).Get(ctx, &llm)
				if err != nil {
					// The rules' verdict stands; the LLM's absence is reported,
					// never hidden.
					logger.Warn("LLM review failed", "window", window.String(), "error", err)
					res.Notes = append(res.Notes, fmt.Sprintf("LLM review of window %s failed; the rules' verdict stands: %v", window, err))
					gate.fail(&res, "the review of window "+window.String())
				} else {
					cls = combine(cls, llm)
					// The LLM's notes (fabricated citations dropped, a
					// window it judged benign) are part of the verdict.
					res.Notes = append(res.Notes, llm.Notes...)
					gate.spent("review "+window.String(), llm.Usage)
				}
				gate.report(&progress)
			}
		}
		findings.add(cls.Findings)
		// The hunt is as sure as its surest window.
		if cls.Category != "" && (res.Category == "" || cls.Confidence > res.Confidence) {
			res.Category = cls.Category
		}
		res.Confidence = max(res.Confidence, cls.Confidence)
		res.Iterations = iter
		progress.Confidence, progress.Category, progress.Findings = res.Confidence, res.Category, findings.len()

		if res.Confidence >= req.Threshold {
			res.Stopped = "threshold"
			break
		}
		if iter >= req.MaxIterations {
			res.Stopped = "max-iterations"
			break
		}
		window = window.Next()
	}
	res.Findings = findings.list()
	markSeenBefore(ctx, &res)
	if res.Events == 0 {
		res.Clocks = setup.Clocks
		res.Notes = append(res.Notes, noEventsNote(res.Windows, setup.Clocks))
	}
	if n := findings.len(); n > len(res.Findings) {
		res.Notes = append(res.Notes, fmt.Sprintf("the hunt keeps the %d most severe of %d findings", len(res.Findings), n))
	}
	if res.Category == "" {
		res.Category = "benign"
	}
	if setup.SearchAttributes {
		if err := workflow.UpsertTypedSearchAttributes(ctx, CategoryKey.ValueSet(searchCategory(res.Category))); err != nil {
			logger.Warn("cannot set Category search attribute", "error", err)
		}
	}

	// ATT&CK mapping.
	progress.Stage = StageMapping
	var mapped activities.MapResult
	show()
	if gate.enabled {
		mapped, err := mapTechniques(ctx, gate, &res)
		if err != nil {
			return res, err
		}
		gate.report(&progress)
		res.Techniques = mapped.Techniques
		res.Notes = append(res.Notes, mapped.Notes...)
	} else if err := workflow.ExecuteActivity(summarize(llmCtx(ctx), fmt.Sprintf("map %d findings to ATT&CK", len(res.Findings))), a.MapTechniques, activities.MapInput{Findings: slim(res.Findings), UseLLM: setup.LLM}).Get(ctx, &mapped); err != nil {
		// Mapping may wait on the LLM: LLM options (long timeout, heartbeats).
		return res, fmt.Errorf("map techniques: %w", err)
	} else {
		res.Techniques = mapped.Techniques
		res.Notes = append(res.Notes, mapped.Notes...)
	}
	progress.Techniques = len(res.Techniques)

	// Enrichment: pivot on the most severe findings in parallel.
	progress.Stage = StageEnriching
	targets := res.Findings
	if len(targets) > req.MaxEnrichFindings {
		targets = targets[:req.MaxEnrichFindings]
		res.Notes = append(res.Notes, fmt.Sprintf("enriched the %d most severe of %d findings", req.MaxEnrichFindings, len(res.Findings)))
	}
	// One activity per host reads that host's events once for all its
	// findings; hosts are enriched in parallel.
	groups := groupByHost(targets)
	futures := make([]workflow.Future, len(groups))
	for i, g := range groups {
		futures[i] = workflow.ExecuteActivity(summarize(storeCtx(ctx), fmt.Sprintf("enrich %s: %d findings", g.host, len(g.findings))), a.EnrichFindings, activities.EnrichInput{Host: g.host, Findings: slim(g.findings), Radius: req.EnrichRadius, MaxRelated: req.MaxRelated})
	}
	for i, fut := range futures {
		var ens []huntflow.Enrichment
		if err := fut.Get(ctx, &ens); err != nil {
			if ctx.Err() != nil {
				return res, ctx.Err() // the hunt was cancelled
			}
			// Context is a help, not a verdict: note the gap and go on.
			res.Notes = append(res.Notes, fmt.Sprintf("enrichment of %d finding(s) on host %s failed: %v", len(groups[i].findings), groups[i].host, err))
			continue
		}
		res.Enrichments = append(res.Enrichments, ens...)
		progress.Enriched = len(res.Enrichments)
	}

	res.ThreatLevel = report.ThreatLevel(res.Findings)
	if setup.SearchAttributes {
		if err := workflow.UpsertTypedSearchAttributes(ctx, ThreatLevelKey.ValueSet(searchThreatLevel(res.ThreatLevel))); err != nil {
			logger.Warn("cannot set ThreatLevel search attribute", "error", err)
		}
	} else {
		res.Notes = append(res.Notes, "the search attributes ThreatLevel and Category are not registered in this namespace, so this hunt cannot be filtered by them in the Web UI")
	}

	fitResult(&res, maxResultBytes)

	progress.Stage = StageReporting
	show()
	var draft activities.ReportDraft
	if gate.enabled {
		// The LLM writes prose only, in a step of its own; the templates
		// render the facts whatever it does.
		if gate.allow(&res) {
			var pd activities.ProseDraft
			if err := workflow.ExecuteActivity(summarize(gate.ctx(ctx), "LLM report prose"), a.WriteProse, activities.ReportInput{Result: proseInput(res)}).Get(ctx, &pd); err != nil {
				res.Notes = append(res.Notes, fmt.Sprintf("the LLM's report prose failed; the report is the templates' alone: %v", err))
				gate.fail(&res, "the report prose")
			} else {
				res.Prose = pd.Prose
				res.Notes = append(res.Notes, pd.Notes...)
				gate.spent("report prose", &pd.Usage)
			}
			gate.report(&progress)
		}
		res.Notes = compactNotes(res.Notes, maxNotes)
		if err := workflow.ExecuteActivity(summarize(storeCtx(ctx), "write the report"), a.WriteReport, activities.ReportInput{Result: res}).Get(ctx, &draft); err != nil {
			return res, fmt.Errorf("write report: %w", err)
		}
	} else if err := workflow.ExecuteActivity(summarize(llmCtx(ctx), "write the report"), a.WriteReport, activities.ReportInput{Result: res, UseLLM: setup.LLM}).Get(ctx, &draft); err != nil {
		return res, fmt.Errorf("write report: %w", err)
	}
	res.Notes = append(res.Notes, draft.Notes...)
	res.Queries = draft.Queries

	progress.Stage = StageSaving
	var saved activities.Saved
	if err := workflow.ExecuteActivity(summarize(storeCtx(ctx), "save report.md, result.json, attack-layer.json"), a.SaveReport, activities.SaveInput{Result: res, Markdown: draft.Markdown}).Get(ctx, &saved); err != nil {
		return res, fmt.Errorf("save report: %w", err)
	}
	res.ReportPath, res.JSONPath, res.LayerPath = saved.ReportPath, saved.JSONPath, saved.LayerPath
	res.HTMLPath = saved.HTMLPath
	progress.Stage = StageDone
	show()
	logger.Info("hunt done", "threat_level", res.ThreatLevel.String(), "findings", len(res.Findings), "report", res.ReportPath)
	return res, nil
}

// combine adds the LLM's findings to the rules' without letting it replace
// or drop any: log content steers the LLM, so it may add, never remove.
func combine(rules, llm huntflow.Classification) huntflow.Classification {
	out := rules
	out.Findings = append(append([]huntflow.Finding(nil), rules.Findings...), llm.Findings...)
	out.Notes = append(append([]string(nil), rules.Notes...), llm.Notes...)
	// The LLM's confidence counts only behind findings it adds: a reply
	// steered by log content ("benign, confidence 0.95") must not end the
	// hunt before the rules have read the next windows.
	if len(llm.Findings) > 0 && llm.Category != "benign" && llm.Confidence > rules.Confidence {
		out.Confidence = llm.Confidence
		if rules.Category == "" || rules.Category == "benign" {
			out.Category = llm.Category
		}
	}
	out.Analyst = rules.Analyst + "+" + llm.Analyst
	return out
}

// citing keeps what the LLM review needs of the rules' findings — what they
// are and which events they cite — so the window's findings do not enter
// history a second time in full.
func citing(fs []huntflow.Finding) []huntflow.Finding {
	out := slim(fs)
	for i, f := range fs {
		refs := make([]huntflow.EventRef, len(f.Events))
		for j, e := range f.Events {
			refs[j] = huntflow.EventRef{ID: e.ID, Time: e.Time, Host: e.Host, EventID: e.EventID}
		}
		out[i].Events = refs
	}
	return out
}

type hostGroup struct {
	host     string
	findings []huntflow.Finding
}

// groupByHost groups findings by host (case-insensitive), hosts in the order
// their first finding appears, so the grouping is deterministic.
func groupByHost(fs []huntflow.Finding) []hostGroup {
	var groups []hostGroup
	index := map[string]int{}
	for _, f := range fs {
		k := strings.ToLower(f.Host)
		i, ok := index[k]
		if !ok {
			i = len(groups)
			index[k] = i
			groups = append(groups, hostGroup{host: f.Host})
		}
		groups[i].findings = append(groups[i].findings, f)
	}
	return groups
}

// slim drops the cited events of findings, and shortens their text, for
// steps that need what a finding is but not its evidence: a hundred slim
// findings stay far below the payload limit.
func slim(fs []huntflow.Finding) []huntflow.Finding {
	out := make([]huntflow.Finding, len(fs))
	for i, f := range fs {
		f.Events = nil
		f.Description = huntflow.Truncate(f.Description, 600)
		f.CommandLine = huntflow.Truncate(f.CommandLine, 256)
		out[i] = f
	}
	return out
}

// findingSet merges the findings of all windows: the same behaviour (same
// finding ID) seen in two windows is one finding.
type findingSet struct {
	max   int
	index map[string]int
	items []huntflow.Finding
}

func newFindingSet(max int) *findingSet {
	return &findingSet{max: max, index: map[string]int{}}
}

func (s *findingSet) len() int { return len(s.items) }

func (s *findingSet) add(fs []huntflow.Finding) {
	for _, f := range fs {
		i, ok := s.index[f.ID]
		if !ok {
			s.index[f.ID] = len(s.items)
			s.items = append(s.items, f)
			continue
		}
		g := &s.items[i]
		g.EventCount += f.EventCount
		if f.FirstSeen.Before(g.FirstSeen) {
			g.FirstSeen = f.FirstSeen
		}
		if f.LastSeen.After(g.LastSeen) {
			g.LastSeen = f.LastSeen
		}
		if f.Severity > g.Severity {
			g.Severity = f.Severity
		}
		if f.Confidence > g.Confidence {
			g.Confidence = f.Confidence
		}
		// A process tree seen in two windows may show other rules in the
		// second: keep every technique, tactic and detection.
		g.Techniques = unionSorted(g.Techniques, f.Techniques)
		g.Tactics = unionSorted(g.Tactics, f.Tactics)
		g.Detections = mergeDetections(g.Detections, f.Detections)
		for _, e := range f.Events {
			if len(g.Events) >= huntflow.MaxFindingEvents {
				break
			}
			g.Events = append(g.Events, e)
		}
	}
}

func unionSorted(a, b []string) []string {
	out := append(append([]string(nil), a...), b...)
	slices.Sort(out)
	return slices.Compact(out)
}

// mergeDetections adds b's detections to a's, summing the events of a rule
// both saw.
func mergeDetections(a, b []huntflow.Detection) []huntflow.Detection {
	out := append([]huntflow.Detection(nil), a...)
	for _, d := range b {
		i := slices.IndexFunc(out, func(x huntflow.Detection) bool { return x.RuleID == d.RuleID })
		if i < 0 {
			out = append(out, d)
			continue
		}
		out[i].EventCount += d.EventCount
		out[i].Techniques = unionSorted(out[i].Techniques, d.Techniques)
		out[i].Images = unionSorted(out[i].Images, d.Images)
		out[i].Severity = max(out[i].Severity, d.Severity)
	}
	return out
}

// list returns the findings most severe first, capped, in a deterministic
// order.
func (s *findingSet) list() []huntflow.Finding {
	out := append([]huntflow.Finding(nil), s.items...)
	huntflow.SortFindings(out)
	if len(out) > s.max {
		out = out[:s.max]
	}
	return out
}

// readLocalStart reads a zone-less start time in the hunted hosts' local
// time when their logs agree on one offset (the original notebook's meaning:
// the lab's EventTime clock), else as UTC, and says how it read it.
func readLocalStart(ctx workflow.Context, req huntflow.HuntRequest, clocks []huntflow.HostClock) (huntflow.HuntRequest, string) {
	// Versioned: hunts recorded before local times were learnt replay as UTC.
	if workflow.GetVersion(ctx, "local-start", workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		return req, ""
	}
	wall := req.Start.Format("2006-01-02T15:04:05")
	off, ok := huntflow.SharedOffset(clocks)
	if !ok {
		why := "the hunted hosts' logs carry no local times"
		for _, c := range clocks {
			if c.Known {
				why = "the hunted hosts' local clocks disagree"
				break
			}
		}
		return req, fmt.Sprintf("%s read as UTC: %s (add an offset, e.g. %s-04:00, to name another clock)", wall, why, wall)
	}
	req.Start = req.Start.Add(-off)
	return req, fmt.Sprintf("%s read as %s, the logs' local time = %sZ", wall, huntflow.FormatOffset(off), req.Start.Format("2006-01-02T15:04:05"))
}

// noEventsNote says a hunt read nothing and where the store's data is, per
// host, in UTC and in the host's local time.
func noEventsNote(windows []huntflow.Window, clocks []huntflow.HostClock) string {
	var b strings.Builder
	if len(windows) > 0 {
		fmt.Fprintf(&b, "No events in the hunt's windows (%s to %s UTC).", windows[0].Start.Format(time.RFC3339), windows[len(windows)-1].End.Format(time.RFC3339))
	} else {
		b.WriteString("No events in the hunt's windows.")
	}
	if len(clocks) == 0 {
		return b.String()
	}
	b.WriteString(" The store holds:")
	const maxHosts = 10
	if len(clocks) > maxHosts {
		defer fmt.Fprintf(&b, " (and %d more hosts)", len(clocks)-maxHosts)
		clocks = clocks[:maxHosts]
	}
	for i, c := range clocks {
		if i > 0 {
			b.WriteString(";")
		}
		fmt.Fprintf(&b, " %s %s to %s UTC", c.Host, c.First.Format(time.RFC3339), c.Last.Format(time.RFC3339))
		if c.Known && c.Offset != 0 {
			fmt.Fprintf(&b, " (%s to %s local, %s)", c.First.Add(c.Offset).Format("2006-01-02T15:04:05"), c.Last.Add(c.Offset).Format("2006-01-02T15:04:05"), huntflow.FormatOffset(c.Offset))
		}
	}
	return b.String() + "."
}

// markSeenBefore marks the findings an earlier run of the same schedule
// already reported, so an hourly hunt does not raise the same finding as new
// every hour. They stay in the report, marked, and count as before.
func markSeenBefore(ctx workflow.Context, res *huntflow.HuntResult) {
	schedule, ok := workflow.GetTypedSearchAttributes(ctx).GetKeyword(scheduledByKey)
	if !ok || schedule == "" || len(res.Findings) == 0 {
		return
	}
	if workflow.GetVersion(ctx, "seen-before", workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		return
	}
	ids := make([]string, len(res.Findings))
	for i, f := range res.Findings {
		ids[i] = f.ID
	}
	var a *activities.Activities
	var rec activities.RecordResult
	err := workflow.ExecuteActivity(storeCtx(ctx), a.RecordFindings, activities.RecordInput{Schedule: schedule, HuntID: res.HuntID, Findings: ids}).Get(ctx, &rec)
	if err != nil {
		res.Notes = append(res.Notes, fmt.Sprintf("could not check which findings schedule %s reported before; all are reported as new: %v", schedule, err))
		return
	}
	seen := 0
	for i := range res.Findings {
		if h := rec.SeenBefore[res.Findings[i].ID]; h != "" {
			res.Findings[i].SeenBefore = h
			seen++
		}
	}
	if seen > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("%d of %d findings were reported before by earlier runs of schedule %s (marked \"seen before\")", seen, len(res.Findings), schedule))
	}
}
