package openai

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	goopenai "github.com/sashabaranov/go-openai"

	"github.com/huntflow/huntflow"
)

// tactics are the ATT&CK enterprise tactic short names a category may take,
// besides "benign".
var tactics = []string{
	"reconnaissance", "resource-development", "initial-access", "execution",
	"persistence", "privilege-escalation", "defense-evasion", "credential-access",
	"discovery", "lateral-movement", "collection", "command-and-control",
	"exfiltration", "impact",
}

const classifySystem = `You are a senior threat hunter reviewing Windows and Sysmon events from one time window of a threat hunt.
Task: a deterministic Sigma rule engine has already reviewed these events; its findings are listed in the data. Find the events that indicate malicious or suspicious activity, especially what the rules missed, judge what the window shows as a whole, and map what you find to MITRE ATT&CK technique IDs.

` + untrustedRule + `
- Every "event_id" you report must be the exact "id" value of an event in the data (not its "win_event_id").

Reply with a single JSON object and nothing else, matching this schema:
{"suspicious_events":[{"event_id":"<id of an event in the data>","reason":"<why it is suspicious, one or two sentences>","techniques":["T1059.001"],"severity":"high"}],"category":"<tactic>","confidence_score":0.0,"summary":"<two or three sentences for a SOC analyst>"}
- suspicious_events: one entry per suspicious event; an empty array when there are none.
- techniques: ATT&CK technique IDs such as T1059 or T1059.001.
- severity: one of informational, low, medium, high, critical.
- category: the ATT&CK tactic that best describes the window, one of ` + "%s" + `, or "benign".
- confidence_score: a number from 0.0 to 1.0, how sure you are that the window contains malicious activity, taking the rules' findings into account.`

// classifyReply is the schema of the model's reply. Pointers tell a missing
// field from a zero one.
type classifyReply struct {
	SuspiciousEvents *[]suspiciousEvent `json:"suspicious_events"`
	Category         *string            `json:"category"`
	Confidence       *float64           `json:"confidence_score"`
	Summary          string             `json:"summary"`
}

type suspiciousEvent struct {
	EventID    string   `json:"event_id"`
	Reason     string   `json:"reason"`
	Techniques []string `json:"techniques"`
	Severity   string   `json:"severity"`
}

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

	msgs, shown, err := a.classifyPrompt(in, total)
	if err != nil {
		return huntflow.Classification{}, fmt.Errorf("openai: classify: %w", err)
	}
	var parsed classifyReply
	err = a.converse(ctx, "classify", msgs, true, func(reply string) error {
		var err error
		parsed, err = parseClassifyReply(reply)
		return err
	}, parseCorrection)
	if err != nil {
		return huntflow.Classification{}, err
	}

	out.Findings, out.Notes = buildFindings(in, parsed)
	out.Confidence = min(max(*parsed.Confidence, 0), 1)
	for i := range out.Findings {
		out.Findings[i].Confidence = out.Confidence
	}
	var known bool
	out.Category, known = normalizeCategory(*parsed.Category)
	if !known {
		out.Notes = append(out.Notes, `the LLM's category was not an ATT&CK tactic and was recorded as "unknown"`)
	}
	if shown < total {
		out.Notes = append(out.Notes, fmt.Sprintf("the LLM reviewed %d of %d events", shown, total))
	}
	if out.Category == "benign" && len(in.Findings) > 0 {
		out.Notes = append(out.Notes, fmt.Sprintf("the LLM judged the window benign; the rules' %d finding(s) stand", len(in.Findings)))
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
	RuleID     string   `json:"rule_id,omitempty"`
	Severity   string   `json:"severity"`
	Techniques []string `json:"techniques,omitempty"`
	Host       string   `json:"host,omitempty"`
	Image      string   `json:"image,omitempty"`
	EventIDs   []string `json:"event_ids"`
}

func (a *Analyst) classifyPrompt(in huntflow.ClassifyInput, total int) ([]goopenai.ChatCompletionMessage, int, error) {
	findings := make([]promptFinding, 0, len(in.Findings))
	for _, f := range sortedBySeverity(in.Findings) {
		pf := promptFinding{
			Title: f.Title, RuleID: f.RuleID, Severity: f.Severity.String(),
			Techniques: f.Techniques, Host: f.Host, Image: f.Image, EventIDs: []string{},
		}
		for _, e := range f.Events {
			pf.EventIDs = append(pf.EventIDs, e.ID)
		}
		findings = append(findings, pf)
	}
	// The findings may take at most half the budget; the events get the rest.
	fb, err := json.Marshal(findings)
	if err != nil {
		return nil, 0, fmt.Errorf("marshal findings: %w", err)
	}
	for len(fb) > a.cfg.MaxPromptChars/2 && len(findings) > 1 {
		findings = findings[:len(findings)/2]
		if fb, err = json.Marshal(findings); err != nil {
			return nil, 0, fmt.Errorf("marshal findings: %w", err)
		}
	}

	events := selectEvents(in.Events, in.Findings, a.cfg.MaxEvents, a.cfg.MaxPromptChars-len(fb)-2000)
	block, err := dataBlock(struct {
		Findings []promptFinding `json:"rule_findings"`
		Events   []promptEvent   `json:"events"`
	}{findings, events})
	if err != nil {
		return nil, 0, err
	}

	counts := map[int]int{}
	for _, e := range in.Events {
		counts[e.EventID]++
	}
	var byID []string
	for _, id := range slices.Sorted(maps.Keys(counts)) {
		byID = append(byID, fmt.Sprintf("%d:%d", id, counts[id]))
	}

	var b strings.Builder
	fmt.Fprintf(&b, "Window: %s to %s (UTC).\n", in.Window.Start.UTC().Format(time.RFC3339), in.Window.End.UTC().Format(time.RFC3339))
	fmt.Fprintf(&b, "Events in the window: %d. Events shown: %d (events cited by rule findings first, then process creations, then a sample of the rest; in time order).\n", total, len(events))
	fmt.Fprintf(&b, "Events supplied by Windows event ID (id:count): %s.\n", strings.Join(byID, " "))
	fmt.Fprintf(&b, "Rule findings: %d (%d shown, most severe first).\n\n", len(in.Findings), len(findings))
	b.WriteString(block)

	return []goopenai.ChatCompletionMessage{
		{Role: goopenai.ChatMessageRoleSystem, Content: fmt.Sprintf(classifySystem, `"`+strings.Join(tactics, `", "`)+`"`)},
		{Role: goopenai.ChatMessageRoleUser, Content: b.String()},
	}, len(events), nil
}

// selectEvents picks the events the model sees, at most maxEvents and
// maxChars of JSON: the events findings cite first, as the model must be
// able to read what the rules saw; then process creations, which carry the
// command lines most hunts turn on; then an even sample of the rest across
// the window. The result is in time order.
func selectEvents(events []huntflow.EventRef, findings []huntflow.Finding, maxEvents, maxChars int) []promptEvent {
	cited := map[string]bool{}
	for _, f := range findings {
		for _, e := range f.Events {
			cited[e.ID] = true
		}
	}
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
	var first, procs, rest []int
	seen := map[string]bool{}
	for i, e := range events {
		if seen[e.ID] {
			continue
		}
		seen[e.ID] = true
		switch {
		case cited[e.ID]:
			first = append(first, i)
		case isProcessCreation(e):
			procs = append(procs, i)
		default:
			rest = append(rest, i)
		}
	}
	order := append(append(first, procs...), sample(rest, maxEvents-len(first)-len(procs))...)

	type picked struct {
		idx int
		ev  promptEvent
	}
	var out []picked
	used := 0
	for _, i := range order {
		if len(out) == maxEvents {
			break
		}
		pe := projectEvent(events[i])
		b, err := json.Marshal(pe)
		if err != nil || used+len(b)+1 > maxChars {
			// Keep going: a smaller event further down may still fit.
			continue
		}
		used += len(b) + 1
		out = append(out, picked{i, pe})
	}
	slices.SortStableFunc(out, func(x, y picked) int {
		if c := x.ev.Time.Compare(y.ev.Time); c != 0 {
			return c
		}
		return cmp.Compare(x.idx, y.idx)
	})
	res := make([]promptEvent, len(out))
	for i, p := range out {
		res[i] = p.ev
	}
	return res
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
// into findings: one per reason and process.
func buildFindings(in huntflow.ClassifyInput, r classifyReply) ([]huntflow.Finding, []string) {
	refs := map[string]huntflow.EventRef{}
	covered := map[string]bool{}
	for _, e := range in.Events {
		refs[e.ID] = e
	}
	for _, f := range in.Findings {
		for _, e := range f.Events {
			covered[e.ID] = true
			if _, ok := refs[e.ID]; !ok {
				refs[e.ID] = e
			}
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
		ref, ok := refs[strings.TrimSpace(s.EventID)]
		if !ok {
			invented++
			continue
		}
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
		if !g.ids[ref.ID] {
			g.ids[ref.ID] = true
			g.events = append(g.events, ref)
		}
	}

	var notes []string
	if invented > 0 {
		notes = append(notes, fmt.Sprintf("dropped %d suspicious event(s) citing event IDs that were not in the input", invented))
	}
	if repeated > 0 {
		notes = append(notes, fmt.Sprintf("%d suspicious event(s) the rules already cite were not repeated as findings", repeated))
	}
	if badTech > 0 {
		notes = append(notes, fmt.Sprintf("dropped %d malformed ATT&CK technique ID(s)", badTech))
	}
	if badSeverity > 0 {
		notes = append(notes, fmt.Sprintf("%d unknown severity value(s) defaulted to medium", badSeverity))
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
