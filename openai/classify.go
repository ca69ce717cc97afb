package openai

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	goopenai "github.com/sashabaranov/go-openai"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/tokens"
)

// tactics are the ATT&CK enterprise tactic short names a category may take,
// besides "benign".
var tactics = []string{
	"reconnaissance", "resource-development", "initial-access", "execution",
	"persistence", "privilege-escalation", "defense-evasion", "credential-access",
	"discovery", "lateral-movement", "collection", "command-and-control",
	"exfiltration", "impact",
}

const classifySystem = `You are a threat hunter reviewing Windows and Sysmon events from one time window. A Sigma rule engine already reviewed them; its findings are in the data ("rule_findings", citing event refs). Report the events that show malicious or suspicious activity, above all what the rules missed; judge the window as a whole; map what you find to MITRE ATT&CK technique IDs.

` + untrustedRule + `

` + eventColumnsDoc + `

Reply with one JSON object only:
{"suspicious_events":[{"event_ref":"E1","reason":"why, one or two sentences","techniques":["T1059.001"],"severity":"high"}],"category":"execution","confidence_score":0.0,"summary":"two or three sentences for a SOC analyst"}
- suspicious_events: one entry per suspicious event row, cited by its ref; [] when none.
- severity: informational, low, medium, high or critical.
- category: the ATT&CK tactic that best describes the window (%s) or benign.
- confidence_score: 0.0 to 1.0, how sure you are that the window holds malicious activity, counting the rules' findings.`

// classifyReply is the schema of the model's reply. Pointers tell a missing
// field from a zero one.
type classifyReply struct {
	SuspiciousEvents *[]suspiciousEvent `json:"suspicious_events"`
	Category         *string            `json:"category" enum:"benign,reconnaissance,resource-development,initial-access,execution,persistence,privilege-escalation,defense-evasion,credential-access,discovery,lateral-movement,collection,command-and-control,exfiltration,impact"`
	Confidence       *float64           `json:"confidence_score"`
	Summary          string             `json:"summary"`
}

type suspiciousEvent struct {
	EventRef   string   `json:"event_ref"`
	Reason     string   `json:"reason"`
	Techniques []string `json:"techniques"`
	Severity   string   `json:"severity" enum:"informational,low,medium,high,critical"`
}

var classifySchema = newReplySchema("window_review", classifyReply{})

func parseClassifyReply(reply string) (classifyReply, error) {
	var r classifyReply
	if err := decodeJSONReply(reply, &r); err != nil {
		return r, err
	}
	var missing []string
	if r.SuspiciousEvents == nil {
		missing = append(missing, "suspicious_events")
	}
	if r.Category == nil || strings.TrimSpace(*r.Category) == "" {
		missing = append(missing, "category")
	}
	if r.Confidence == nil {
		missing = append(missing, "confidence_score")
	}
	if len(missing) > 0 {
		return r, fmt.Errorf("missing required field(s): %s", strings.Join(missing, ", "))
	}
	return r, nil
}

func parseCorrection(err error) string {
	return fmt.Sprintf("Your previous reply could not be parsed: %v. Reply with JSON only matching the schema.", err)
}

// Classify reviews a window of events and the rules' findings, and returns
// the model's additional findings with its category and confidence. Its
// findings only ever add to the rules' findings: events the rules already
// cite are not repeated, and a "benign" verdict is noted as a disagreement.
func (a *Analyst) Classify(ctx context.Context, in huntflow.ClassifyInput) (huntflow.Classification, error) {
	total := max(in.Total, len(in.Events))
	out := huntflow.Classification{Window: in.Window, EventsScanned: total, Analyst: a.Name()}
	if len(in.Events) == 0 && len(in.Findings) == 0 {
		out.Category = "benign"
		out.Notes = []string{"no events to review; the LLM was not asked"}
		return out, nil
	}

	p, err := a.classifyPrompt(in, total)
	if err != nil {
		return huntflow.Classification{}, fmt.Errorf("openai: classify: %w", err)
	}
	var parsed classifyReply
	usage, err := a.converse(ctx, "classify", p.msgs, &classifySchema, func(reply string) error {
		var err error
		parsed, err = parseClassifyReply(reply)
		return err
	}, parseCorrection)
	if err != nil {
		return huntflow.Classification{}, err
	}
	out.Usage = &usage

	out.Findings, out.Notes = buildFindings(in, p.rows, parsed)
	out.Confidence = min(max(*parsed.Confidence, 0), 1)
	for i := range out.Findings {
		out.Findings[i].Confidence = out.Confidence
	}
	var known bool
	out.Category, known = normalizeCategory(*parsed.Category)
	if !known {
		out.Notes = append(out.Notes, `the LLM's category was not an ATT&CK tactic and was recorded as "unknown"`)
	}
	if p.shown < total {
		out.Notes = append(out.Notes, fmt.Sprintf("the LLM reviewed %d of %d events of window %s", p.shown, total, in.Window))
	}
	if out.Category == "benign" && len(in.Findings) > 0 {
		out.Notes = append(out.Notes, fmt.Sprintf("the LLM judged window %s benign; the rules' %d finding(s) stand", in.Window, len(in.Findings)))
	}
	// The summary is logged, not returned: it is free text the data may
	// have steered, and the findings and category already carry the verdict.
	a.log.InfoContext(ctx, "LLM classification", "window", in.Window.String(), "category", out.Category,
		"confidence", out.Confidence, "findings", len(out.Findings), "summary", cleanText(parsed.Summary, 600))
	return out, nil
}

// promptFinding is what the model sees of a rule finding.
type promptFinding struct {
	Title      string   `json:"title"`
	Severity   string   `json:"severity"`
	Techniques []string `json:"techniques,omitempty"`
	Events     []string `json:"events"`
}

// classifyPrompt is a window's review prompt, the event rows it shows
// (by ref) and how many events those rows stand for.
type classifyPrompt struct {
	msgs  []goopenai.ChatCompletionMessage
	rows  map[string]*eventRow
	shown int
}

func (a *Analyst) classifyPrompt(in huntflow.ClassifyInput, total int) (classifyPrompt, error) {
	system := fmt.Sprintf(classifySystem, strings.Join(tactics, ", "))
	budget := a.promptBudget() - tokens.Messages(system, "") - 200 // the header lines
	if a.cfg.MaxPromptChars > 0 {
		budget = min(budget, a.cfg.MaxPromptChars/3)
	}
	findings := sortedBySeverity(in.Findings)
	// The findings may take at most a third of the budget; events the rest.
	fcost := func(fs []huntflow.Finding) int {
		n := 0
		for _, f := range fs {
			n += tokens.Count(f.Title) + 12 + 4*min(len(f.Events), huntflow.MaxFindingEvents) + 4*len(f.Techniques)
		}
		return n
	}
	for len(findings) > 1 && fcost(findings) > budget/3 {
		findings = findings[:len(findings)/2]
	}
	budget -= fcost(findings)

	table := selectEvents(in, findings, a.cfg.MaxEvents, budget)
	rows, refOf := table.finish()
	pfs := make([]promptFinding, 0, len(findings))
	for _, f := range findings {
		pfs = append(pfs, promptFinding{Title: f.Title, Severity: f.Severity.String(), Techniques: f.Techniques[:min(len(f.Techniques), 5)], Events: citedRefs(f, refOf)})
	}
	block, err := dataBlock(struct {
		Findings []promptFinding `json:"rule_findings"`
		tableData
	}{pfs, table.data()})
	if err != nil {
		return classifyPrompt{}, err
	}

	var b strings.Builder
	fmt.Fprintf(&b, "Window: %s to %s (UTC). Events: %d; shown: %d in %d rows (events the rules cite, then process creations, then a sample of the rest). Rule findings: %d (%d shown, most severe first).\n\n",
		in.Window.Start.UTC().Format(time.RFC3339), in.Window.End.UTC().Format(time.RFC3339), total, table.shown(), len(table.rows), len(in.Findings), len(pfs))
	b.WriteString(block)
	return classifyPrompt{
		msgs: []goopenai.ChatCompletionMessage{
			{Role: goopenai.ChatMessageRoleSystem, Content: system},
			{Role: goopenai.ChatMessageRoleUser, Content: b.String()},
		},
		rows:  rows,
		shown: table.shown(),
	}, nil
}

// selectEvents fills the table with at most maxRows rows within budget
// tokens: the events findings cite first, each in its own row, as the model
// must be able to read what the rules saw; then process creations, which
// carry the command lines most hunts turn on; then an even sample of the
// rest across the window. Identical events fold into one row.
func selectEvents(in huntflow.ClassifyInput, findings []huntflow.Finding, maxRows, budget int) *eventTable {
	events := in.Events
	// The events may be a sample that lacks some the findings cite; the
	// findings carry those events, so add them.
	have := make(map[string]bool, len(events))
	for _, e := range events {
		have[e.ID] = true
	}
	for _, f := range findings {
		for _, e := range f.Events {
			if !have[e.ID] {
				have[e.ID] = true
				events = append(events[:len(events):len(events)], e)
			}
		}
	}
	cited := map[string]bool{}
	for _, f := range findings {
		for _, e := range f.Events {
			cited[e.ID] = true
		}
	}
	base := in.Window.Start
	if base.IsZero() && len(events) > 0 {
		base = events[0].Time
	}
	t := newEventTable(base, 160)
	var procs, rest []huntflow.EventRef
	seen := map[string]bool{}
	for _, e := range events {
		if seen[e.ID] {
			continue
		}
		seen[e.ID] = true
		switch {
		case cited[e.ID]:
			// What the rules saw, in full (command lines up to 300
			// characters); identical cited events share a row.
			if len(t.rows) < maxRows {
				t.maxDetail = 300
				t.add(e, true, &budget)
				t.maxDetail = 160
			}
		case isProcessCreation(e):
			procs = append(procs, e)
		default:
			rest = append(rest, e)
		}
	}
	add := func(e huntflow.EventRef) {
		if len(t.rows) < maxRows {
			t.add(e, true, &budget)
		} else if r, ok := t.byKey[foldKey(e)]; ok && len(r.events) > 0 && !cited[r.events[0].ID] {
			t.add(e, true, nil) // folds: costs nothing
		}
	}
	for _, e := range procs {
		add(e)
	}
	// An even spread of the rest for the rows left, so the rows cover the
	// window; then all of it, which only folds into rows already shown.
	spread := sample(indexes(len(rest)), maxRows-len(t.rows))
	picked := map[int]bool{}
	for _, i := range spread {
		picked[i] = true
		add(rest[i])
	}
	for i, e := range rest {
		if picked[i] {
			continue
		}
		if r, ok := t.byKey[foldKey(e)]; ok && !cited[r.events[0].ID] {
			t.add(e, true, nil)
		}
	}
	return t
}

func indexes(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// sample returns n of idx spread evenly, or all of them when n >= len(idx).
func sample(idx []int, n int) []int {
	if n <= 0 {
		return nil
	}
	if n >= len(idx) {
		return idx
	}
	out := make([]int, n)
	for k := range n {
		out[k] = idx[k*len(idx)/n]
	}
	return out
}

func isProcessCreation(e huntflow.EventRef) bool {
	if e.EventID == 4688 {
		return true
	}
	// Sysmon event 1; other channels reuse the number for other things.
	return e.EventID == 1 && (e.Channel == "" || strings.Contains(strings.ToLower(e.Channel), "sysmon"))
}

func sortedBySeverity(fs []huntflow.Finding) []huntflow.Finding {
	return slices.SortedStableFunc(slices.Values(fs), func(x, y huntflow.Finding) int {
		return cmp.Compare(y.Severity, x.Severity)
	})
}

// normalizeCategory maps the model's category onto a tactic short name or
// "benign"; anything else becomes "unknown", so free text from the model
// (which the data may have steered) never travels as a category.
func normalizeCategory(s string) (string, bool) {
	c := strings.ToLower(strings.TrimSpace(s))
	c = strings.NewReplacer(" ", "-", "_", "-", "&", "and").Replace(c)
	if c == "benign" || slices.Contains(tactics, c) {
		return c, true
	}
	return "unknown", false
}

// buildFindings validates the model's suspicious events and groups them
// into findings: one per reason and process. A finding cites only events
// the prompt showed: the rows the model named by ref.
func buildFindings(in huntflow.ClassifyInput, rows map[string]*eventRow, r classifyReply) ([]huntflow.Finding, []string) {
	covered := map[string]bool{}
	for _, f := range in.Findings {
		for _, e := range f.Events {
			covered[e.ID] = true
		}
	}

	type group struct {
		reason     string
		severity   huntflow.Severity
		techniques []string
		events     []huntflow.EventRef
		ids        map[string]bool
	}
	var (
		groups                                   []*group
		byKey                                    = map[string]*group{}
		invented, repeated, badTech, badSeverity int
	)
	for _, s := range *r.SuspiciousEvents {
		row, ok := rows[strings.ToUpper(strings.TrimSpace(s.EventRef))]
		if !ok {
			invented++
			continue
		}
		ref := row.events[0]
		if covered[ref.ID] {
			repeated++
			continue
		}
		techs, dropped := validTechniques(s.Techniques)
		badTech += dropped
		sev, err := huntflow.ParseSeverity(s.Severity)
		if err != nil || sev == huntflow.SeverityNone {
			if strings.TrimSpace(s.Severity) != "" {
				badSeverity++
			}
			sev = huntflow.SeverityMedium
		}
		reason := cleanText(s.Reason, 1000)
		key := strings.ToLower(reason) + "\x00" + strings.ToLower(ref.Host) + "\x00" + processKey(ref)
		g := byKey[key]
		if g == nil {
			g = &group{reason: reason, ids: map[string]bool{}}
			byKey[key] = g
			groups = append(groups, g)
		}
		g.severity = max(g.severity, sev)
		g.techniques = append(g.techniques, techs...)
		for _, e := range row.events {
			if !g.ids[e.ID] {
				g.ids[e.ID] = true
				g.events = append(g.events, e)
			}
		}
	}

	var notes []string
	if invented > 0 {
		notes = append(notes, fmt.Sprintf("dropped %d suspicious event(s) the LLM cited by refs that were not in its input (fabricated citations)", invented))
	}
	if repeated > 0 {
		notes = append(notes, fmt.Sprintf("%d suspicious event(s) the rules already cite were not repeated as findings", repeated))
	}
	if badTech > 0 {
		notes = append(notes, fmt.Sprintf("dropped %d malformed ATT&CK technique ID(s) from the LLM's findings", badTech))
	}
	if badSeverity > 0 {
		notes = append(notes, fmt.Sprintf("%d unknown severity value(s) from the LLM defaulted to medium", badSeverity))
	}

	var findings []huntflow.Finding
	for _, g := range groups {
		findings = append(findings, groupFinding(g.reason, g.severity, g.techniques, g.events))
	}
	return findings, notes
}

func groupFinding(reason string, sev huntflow.Severity, techniques []string, events []huntflow.EventRef) huntflow.Finding {
	slices.SortStableFunc(events, func(x, y huntflow.EventRef) int { return x.Time.Compare(y.Time) })
	ids := make([]string, len(events))
	for i, e := range events {
		ids[i] = e.ID
	}
	slices.Sort(ids)
	h := sha256.New()
	h.Write([]byte("llm"))
	for _, id := range ids {
		h.Write([]byte{0})
		h.Write([]byte(id))
	}

	title := huntflow.Truncate(reason, 120)
	if title == "" {
		title = "Suspicious activity flagged by the LLM analyst"
	}
	slices.Sort(techniques)
	first := events[0]
	return huntflow.Finding{
		ID:          hex.EncodeToString(h.Sum(nil)[:16]),
		Title:       title,
		Description: reason,
		Severity:    sev,
		Source:      "llm",
		Techniques:  slices.Compact(techniques),
		Host:        first.Host,
		ProcessGUID: first.ProcessGUID,
		ProcessID:   first.ProcessID,
		Image:       first.Image,
		CommandLine: first.CommandLine,
		User:        first.User,
		FirstSeen:   first.Time,
		LastSeen:    events[len(events)-1].Time,
		Events:      slices.Clone(events[:min(len(events), huntflow.MaxFindingEvents)]),
		EventCount:  len(events),
	}
}

func processKey(e huntflow.EventRef) string {
	if e.ProcessGUID != "" {
		return strings.ToLower(e.ProcessGUID)
	}
	if e.ProcessID != 0 {
		return strconv.FormatInt(e.ProcessID, 10)
	}
	return e.ID
}
