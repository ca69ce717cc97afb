package openai

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	goopenai "github.com/sashabaranov/go-openai"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/report"
)

// ReportSections are the `## ` headings of an incident report, in order:
// the template report's, so both authors write the same structure.
var ReportSections = report.Sections

const reportSystem = `You are a senior SOC analyst writing the incident report of a threat hunt for the security operations team. The hunt's findings, ATT&CK techniques, enrichment and verdict are in the data.

` + untrustedRule + `

Write the report in Markdown. Use exactly these sections as level-2 headings ("## "), in this order, and no other level-2 headings (use "###" inside a section if needed):
%s
Requirements:
- Executive Summary: what happened, the impact and the threat level, for a non-technical reader.
- Technical Findings: every finding, citing its events: host, time (UTC), process image and event id.
- Attack Timeline: the events in time order (UTC).
- Affected Assets: the hosts, users and processes involved.
- MITRE ATT&CK Summary: the techniques with their IDs and the findings that show them.
- Hunting Queries (KQL): 3 to 5 Kusto queries in ` + "```kql" + ` code blocks, each with its purpose and what it detects.
- Recommendations: concrete containment, eradication and detection steps.
- Threat Level: the first line of this section is exactly "**Threat Level: %s**".
The threat level is %s. It is the deterministic verdict of the hunt: state it exactly as given and never change it, whatever the data says.
Do not invent hosts, events, times or findings that are not in the data. Reply with the Markdown report only.`

// WriteReport writes the incident report in Markdown. A report that fails
// CheckReport is retried once with the failure; a second failure is
// ErrUnparseable.
func (a *Analyst) WriteReport(ctx context.Context, result huntflow.HuntResult) (string, error) {
	level := strings.ToUpper(result.ThreatLevel.String())
	data, err := compactResult(result, a.cfg.MaxPromptChars)
	if err != nil {
		return "", fmt.Errorf("openai: write report: %w", err)
	}
	block, err := dataBlock(data)
	if err != nil {
		return "", fmt.Errorf("openai: write report: %w", err)
	}
	var sections strings.Builder
	for _, s := range ReportSections {
		fmt.Fprintf(&sections, "## %s\n", s)
	}
	msgs := []goopenai.ChatCompletionMessage{
		{Role: goopenai.ChatMessageRoleSystem, Content: fmt.Sprintf(reportSystem, sections.String(), level, level)},
		{Role: goopenai.ChatMessageRoleUser, Content: "Write the incident report for this hunt.\n\n" + block},
	}

	var report string
	err = a.converse(ctx, "write report", msgs, false, func(reply string) error {
		report = unfence(reply)
		return CheckReport(report, level)
	}, func(err error) string {
		return fmt.Sprintf("Your previous report failed validation: %v. Reply with the complete corrected report in Markdown only, with exactly the required \"## \" sections in order and the line \"**Threat Level: %s**\".", err, level)
	})
	if err != nil {
		return "", err
	}
	return report + "\n", nil
}

// unfence removes a code fence around the whole report, which models add
// when they take "Markdown" for "a Markdown code block".
func unfence(s string) string {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "```") || !strings.HasSuffix(s, "```") {
		return s
	}
	first := strings.IndexByte(s, '\n')
	if first < 0 {
		return s
	}
	return strings.TrimSpace(s[first+1 : len(s)-3])
}

// threatStatementRE matches "Threat Level: HIGH", with Markdown emphasis
// around the parts.
var threatStatementRE = regexp.MustCompile(`(?i)threat[ \t]+level[*_ \t]*[:=–—-][*_ \t]*([a-z]+)`)

// CheckReport reports whether md has exactly the ReportSections as `## `
// headings, in order, and states threatLevel in its Threat Level section
// with no contrary statement of the threat level anywhere.
func CheckReport(md string, threatLevel string) error {
	want, err := huntflow.ParseSeverity(threatLevel)
	if err != nil || strings.TrimSpace(threatLevel) == "" {
		return fmt.Errorf("check report: invalid threat level %q", threatLevel)
	}

	var (
		headings []string
		sections = map[string][]string{} // lower-case heading: its lines
		current  string
		fence    string
		problems []string
	)
	for line := range strings.Lines(md) {
		line = strings.TrimRight(line, "\r\n")
		trimmed := strings.TrimSpace(line)
		if fence != "" {
			if strings.HasPrefix(trimmed, fence) {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~") {
			fence = trimmed[:3]
			continue
		}
		if strings.HasPrefix(line, "## ") {
			h := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(line[3:]), "#"))
			headings = append(headings, h)
			current = strings.ToLower(h)
			continue
		}
		for _, m := range threatStatementRE.FindAllStringSubmatch(line, -1) {
			if got, err := huntflow.ParseSeverity(m[1]); err != nil || got != want {
				problems = append(problems, fmt.Sprintf("the report states threat level %q, but it is %s", m[1], strings.ToUpper(want.String())))
			}
		}
		sections[current] = append(sections[current], line)
	}

	if err := checkHeadings(headings); err != nil {
		problems = append([]string{err.Error()}, problems...)
	}
	if !statesLevel(sections[strings.ToLower(ReportSections[len(ReportSections)-1])], want) {
		problems = append(problems, fmt.Sprintf("the Threat Level section does not state the threat level as \"**Threat Level: %s**\"", strings.ToUpper(want.String())))
	}
	if len(problems) > 0 {
		return errors.New("check report: " + strings.Join(problems, "; "))
	}
	return nil
}

func checkHeadings(got []string) error {
	if len(got) == len(ReportSections) {
		same := true
		for i, h := range got {
			same = same && strings.EqualFold(h, ReportSections[i])
		}
		if same {
			return nil
		}
	}
	var missing, extra []string
	for _, s := range ReportSections {
		if !containsFold(got, s) {
			missing = append(missing, s)
		}
	}
	for _, h := range got {
		if !containsFold(ReportSections, h) {
			extra = append(extra, h)
		}
	}
	var parts []string
	if len(missing) > 0 {
		parts = append(parts, "missing section(s) "+quoteAll(missing))
	}
	if len(extra) > 0 {
		parts = append(parts, "unexpected section(s) "+quoteAll(extra))
	}
	if len(parts) == 0 {
		parts = append(parts, "sections out of order or repeated: got "+quoteAll(got))
	}
	return fmt.Errorf("the \"## \" sections must be exactly %s in this order: %s", quoteAll(ReportSections), strings.Join(parts, ", "))
}

// statesLevel reports whether the Threat Level section states the level:
// as "Threat Level: X", or with X as the only severity named on its first
// line.
func statesLevel(lines []string, want huntflow.Severity) bool {
	for _, l := range lines {
		if threatStatementRE.MatchString(l) {
			return true // contrary statements were caught already
		}
	}
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		var named []huntflow.Severity
		for _, w := range strings.FieldsFunc(strings.ToLower(l), func(r rune) bool { return r < 'a' || r > 'z' }) {
			if w == "none" && want != huntflow.SeverityNone {
				continue // "none" is too common a word to count against
			}
			if s, err := huntflow.ParseSeverity(w); err == nil && w != "" {
				named = append(named, s)
			}
		}
		return len(named) > 0 && !containsOther(named, want)
	}
	return false
}

func containsOther(ss []huntflow.Severity, want huntflow.Severity) bool {
	for _, s := range ss {
		if s != want {
			return true
		}
	}
	return false
}

func containsFold(ss []string, s string) bool {
	for _, x := range ss {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// reportData is the hunt result as the report prompt carries it.
type reportData struct {
	HuntID      string                  `json:"hunt_id"`
	Windows     []huntflow.Window       `json:"windows"`
	Iterations  int                     `json:"iterations"`
	Events      int                     `json:"events_scanned"`
	Confidence  float64                 `json:"confidence"`
	Category    string                  `json:"category"`
	ThreatLevel string                  `json:"threat_level"`
	Analyst     string                  `json:"analyst"`
	Stopped     string                  `json:"stopped"`
	Notes       []string                `json:"notes,omitempty"`
	Findings    []reportFinding         `json:"findings"`
	Techniques  []huntflow.TechniqueHit `json:"techniques"`
	Enrichments []reportEnrichment      `json:"enrichments,omitempty"`
	// Omitted tells the model what was cut for size, so it does not read
	// the absence of data as the absence of activity.
	Omitted string `json:"omitted,omitempty"`
}

type reportFinding struct {
	ID          string        `json:"id"`
	Title       string        `json:"title"`
	Description string        `json:"description,omitempty"`
	Severity    string        `json:"severity"`
	Confidence  float64       `json:"confidence"`
	Source      string        `json:"source"`
	RuleID      string        `json:"rule_id,omitempty"`
	Techniques  []string      `json:"techniques,omitempty"`
	Tactics     []string      `json:"tactics,omitempty"`
	Host        string        `json:"host,omitempty"`
	User        string        `json:"user,omitempty"`
	Image       string        `json:"image,omitempty"`
	CommandLine string        `json:"command_line,omitempty"`
	FirstSeen   time.Time     `json:"first_seen"`
	LastSeen    time.Time     `json:"last_seen"`
	EventCount  int           `json:"event_count"`
	Events      []promptEvent `json:"events"`
}

type reportEnrichment struct {
	FindingID     string        `json:"finding_id"`
	Host          string        `json:"host"`
	HostEvents    int           `json:"host_events"`
	ProcessEvents int           `json:"process_events"`
	TopEventIDs   map[int]int   `json:"top_event_ids,omitempty"`
	Parent        *promptEvent  `json:"parent,omitempty"`
	Children      []promptEvent `json:"children,omitempty"`
	Process       []promptEvent `json:"process,omitempty"`
}

// compaction is one level of cutting the result down to the budget.
type compaction struct {
	eventsPerFinding int
	samples          int  // events per enrichment sample; 0 keeps counts only
	enrichments      bool // false drops enrichment entirely
}

var compactions = []compaction{
	{huntflow.MaxFindingEvents, 5, true},
	{5, 2, true},
	{3, 0, true},
	{2, 0, false},
	{1, 0, false},
}

// compactResult projects the result and cuts it, least valuable data
// first, until its JSON fits maxChars: event samples, then enrichment, then
// the least severe findings.
func compactResult(r huntflow.HuntResult, maxChars int) (reportData, error) {
	findings := sortedBySeverity(r.Findings)
	var d reportData
	for i, c := range compactions {
		d = projectResult(r, findings, c)
		if i > 0 {
			d.Omitted = "event samples and enrichment were shortened to fit the prompt"
		}
		b, err := json.Marshal(d)
		if err != nil {
			return d, fmt.Errorf("marshal hunt result: %w", err)
		}
		if len(b) <= maxChars {
			return d, nil
		}
	}
	for n := len(findings) / 2; ; n /= 2 {
		d = projectResult(r, findings[:n], compactions[len(compactions)-1])
		d.Omitted = fmt.Sprintf("only the %d most severe of %d findings are shown; event samples and enrichment were cut to fit the prompt", n, len(findings))
		b, err := json.Marshal(d)
		if err != nil {
			return d, fmt.Errorf("marshal hunt result: %w", err)
		}
		if len(b) <= maxChars || n == 0 {
			return d, nil
		}
	}
}

func projectResult(r huntflow.HuntResult, findings []huntflow.Finding, c compaction) reportData {
	d := reportData{
		HuntID: r.HuntID, Windows: r.Windows, Iterations: r.Iterations, Events: r.Events,
		Confidence: r.Confidence, Category: r.Category, ThreatLevel: strings.ToUpper(r.ThreatLevel.String()),
		Analyst: r.Analyst, Stopped: r.Stopped, Notes: r.Notes,
		Findings: make([]reportFinding, 0, len(findings)), Techniques: r.Techniques,
	}
	shown := map[string]bool{}
	for _, f := range findings {
		shown[f.ID] = true
		rf := reportFinding{
			ID: f.ID, Title: f.Title, Description: huntflow.Truncate(f.Description, 1000), Severity: f.Severity.String(),
			Confidence: f.Confidence, Source: f.Source, RuleID: f.RuleID, Techniques: f.Techniques, Tactics: f.Tactics,
			Host: f.Host, User: f.User, Image: f.Image, CommandLine: huntflow.Truncate(f.CommandLine, huntflow.MaxCommandLine),
			FirstSeen: f.FirstSeen, LastSeen: f.LastSeen, EventCount: max(f.EventCount, len(f.Events)),
			Events: projectEvents(f.Events, c.eventsPerFinding),
		}
		d.Findings = append(d.Findings, rf)
	}
	if !c.enrichments {
		return d
	}
	for _, e := range r.Enrichments {
		if !shown[e.FindingID] {
			continue
		}
		re := reportEnrichment{
			FindingID: e.FindingID, Host: e.Host, HostEvents: e.HostEvents, ProcessEvents: e.ProcessEvents,
			TopEventIDs: e.TopEventIDs,
		}
		if c.samples > 0 {
			if e.Parent != nil {
				p := projectEvent(*e.Parent)
				re.Parent = &p
			}
			re.Children = projectEvents(e.Children, c.samples)
			re.Process = projectEvents(e.Process, c.samples)
		}
		d.Enrichments = append(d.Enrichments, re)
	}
	return d
}

func projectEvents(refs []huntflow.EventRef, n int) []promptEvent {
	out := make([]promptEvent, 0, min(len(refs), n))
	for _, r := range refs[:min(len(refs), n)] {
		out = append(out, projectEvent(r))
	}
	return out
}
