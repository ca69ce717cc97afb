package openai

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	goopenai "github.com/sashabaranov/go-openai"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/tokens"
)

const proseSystem = `You are a senior SOC analyst. The incident report of a threat hunt is rendered from the hunt's results: findings, cited events, timeline, affected assets, ATT&CK table, hunting queries and threat level are already in it. You add the prose only.

` + untrustedRule + `
- Every paragraph cites the findings it speaks of by ref (F1, F2, …) in "finding_refs". Name only hosts, users, processes and techniques that appear in the data.
- The threat level is %s: the hunt's verdict. Never state another.

Reply with one JSON object only:
{"executive_summary":[{"text":"…","finding_refs":["F1"]}],"attack_chain":[…],"severity_reasoning":[…],"recommendations":[…]}
- executive_summary: 1-2 paragraphs for a non-technical reader: what happened and the impact.
- attack_chain: 1-3 paragraphs analysing how the findings connect, in time order.
- severity_reasoning: 1 paragraph on why the threat level is %s.
- recommendations: 2-5 concrete containment, eradication or detection steps, one per entry.
Plain text only: no Markdown, no HTML, no links.`

type proseReply struct {
	ExecutiveSummary  []proseParagraph `json:"executive_summary"`
	AttackChain       []proseParagraph `json:"attack_chain"`
	SeverityReasoning []proseParagraph `json:"severity_reasoning"`
	Recommendations   []proseParagraph `json:"recommendations"`
}

type proseParagraph struct {
	Text        string   `json:"text"`
	FindingRefs []string `json:"finding_refs"`
}

var proseSchema = newReplySchema("report_prose", proseReply{})

// Prose limits: the prose is a complement to the rendered facts, not a
// second report.
const (
	maxParagraphs    = 5
	maxParagraphText = 1500
)

// WriteProse writes the report's prose from the hunt result: JSON fields of
// paragraphs, each citing findings by ref, mapped here to finding IDs.
// Paragraphs citing refs that were not in the prompt lose those refs; the
// report package vets the rest (names, techniques, threat level) against
// the result before anything is rendered, escaped.
func (a *Analyst) WriteProse(ctx context.Context, result huntflow.HuntResult) (huntflow.ReportProse, error) {
	out := huntflow.ReportProse{Author: a.Name()}
	level := strings.ToUpper(result.ThreatLevel.String())
	system := fmt.Sprintf(proseSystem, level, level)
	data, refs, err := compactResult(result, a.promptBudget()-tokens.Messages(system, "")-50, a.cfg.MaxPromptChars)
	if err != nil {
		return out, fmt.Errorf("openai: write report: %w", err)
	}
	block, err := dataBlock(data)
	if err != nil {
		return out, fmt.Errorf("openai: write report: %w", err)
	}
	msgs := []goopenai.ChatCompletionMessage{
		{Role: goopenai.ChatMessageRoleSystem, Content: system},
		{Role: goopenai.ChatMessageRoleUser, Content: "Write the prose of the incident report for this hunt.\n\n" + block},
	}
	var parsed proseReply
	out.Usage, err = a.converse(ctx, "write report", msgs, &proseSchema, func(reply string) error {
		parsed = proseReply{}
		if err := decodeJSONReply(reply, &parsed); err != nil {
			return err
		}
		if len(parsed.ExecutiveSummary)+len(parsed.AttackChain)+len(parsed.SeverityReasoning)+len(parsed.Recommendations) == 0 {
			return fmt.Errorf("the reply has no paragraphs")
		}
		return nil
	}, parseCorrection)
	if err != nil {
		return out, err
	}
	unknown := 0
	conv := func(ps []proseParagraph) []huntflow.Paragraph {
		var out []huntflow.Paragraph
		for _, p := range ps[:min(len(ps), maxParagraphs)] {
			para := huntflow.Paragraph{Text: cleanText(p.Text, maxParagraphText), Findings: []string{}}
			for _, r := range p.FindingRefs {
				id, ok := refs[strings.ToUpper(strings.TrimSpace(r))]
				if !ok {
					unknown++
					continue
				}
				para.Findings = append(para.Findings, id)
			}
			if para.Text != "" {
				out = append(out, para)
			}
		}
		return out
	}
	out.ExecutiveSummary = conv(parsed.ExecutiveSummary)
	out.AttackChain = conv(parsed.AttackChain)
	out.SeverityReasoning = conv(parsed.SeverityReasoning)
	out.Recommendations = conv(parsed.Recommendations)
	if unknown > 0 {
		out.Notes = append(out.Notes, fmt.Sprintf("the LLM's prose cited %d finding ref(s) that were not in its input; those citations were dropped", unknown))
	}
	return out, nil
}

// reportData is the hunt result as the prose prompt carries it. Finding IDs
// are replaced by refs (F1…), which models copy reliably.
type reportData struct {
	Windows     []huntflow.Window  `json:"windows"`
	Iterations  int                `json:"iterations"`
	Events      int                `json:"events_scanned"`
	Confidence  float64            `json:"confidence"`
	Category    string             `json:"category"`
	ThreatLevel string             `json:"threat_level"`
	Stopped     string             `json:"stopped"`
	Findings    []reportFinding    `json:"findings"`
	Techniques  []reportTechnique  `json:"techniques"`
	Enrichments []reportEnrichment `json:"enrichments,omitempty"`
	// Omitted tells the model what was cut for size, so it does not read
	// the absence of data as the absence of activity.
	Omitted string `json:"omitted,omitempty"`
}

type reportTechnique struct {
	ID       string   `json:"id"`
	Name     string   `json:"name,omitempty"`
	Findings []string `json:"finding_refs"`
}

// reportFinding's events are [time, win_event_id, host, image, detail].
type reportFinding struct {
	Ref         string    `json:"ref"`
	Title       string    `json:"title"`
	Description string    `json:"description,omitempty"`
	Severity    string    `json:"severity"`
	Source      string    `json:"source"`
	Techniques  []string  `json:"techniques,omitempty"`
	Tactics     []string  `json:"tactics,omitempty"`
	Host        string    `json:"host,omitempty"`
	User        string    `json:"user,omitempty"`
	Image       string    `json:"image,omitempty"`
	CommandLine string    `json:"command_line,omitempty"`
	FirstSeen   time.Time `json:"first_seen"`
	LastSeen    time.Time `json:"last_seen"`
	EventCount  int       `json:"event_count"`
	Events      [][]any   `json:"events"`
}

type reportEnrichment struct {
	FindingRef    string  `json:"finding_ref"`
	Host          string  `json:"host"`
	HostEvents    int     `json:"host_events"`
	ProcessEvents int     `json:"process_events"`
	Parent        []any   `json:"parent,omitempty"`
	Children      [][]any `json:"children,omitempty"`
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
// first, until it fits budget tokens (and maxChars, when set): event
// samples, then enrichment, then the least severe findings. It returns the
// finding refs it used (F1…, most severe first) with their IDs.
func compactResult(r huntflow.HuntResult, budget, maxChars int) (reportData, map[string]string, error) {
	findings := slices.Clone(r.Findings)
	huntflow.SortFindings(findings)
	refs := map[string]string{}
	for i, f := range findings {
		refs["F"+strconv.Itoa(i+1)] = f.ID
	}
	fits := func(d reportData) (bool, error) {
		b, err := json.Marshal(d)
		if err != nil {
			return false, fmt.Errorf("marshal hunt result: %w", err)
		}
		return (maxChars <= 0 || len(b) <= maxChars) && tokens.Count(string(b)) <= budget, nil
	}
	var d reportData
	for i, c := range compactions {
		d = projectResult(r, findings, c)
		if i > 0 {
			d.Omitted = "event samples and enrichment were shortened to fit the prompt"
		}
		if ok, err := fits(d); err != nil || ok {
			return d, refs, err
		}
	}
	for n := len(findings) / 2; ; n /= 2 {
		d = projectResult(r, findings[:n], compactions[len(compactions)-1])
		d.Omitted = fmt.Sprintf("only the %d most severe of %d findings are shown; event samples and enrichment were cut to fit the prompt", n, len(findings))
		if ok, err := fits(d); err != nil || ok || n == 0 {
			return d, refs, err
		}
	}
}

// briefEvent is an event as the report prompt shows it: time (UTC), Windows
// event ID, host, image, and what it did.
func briefEvent(e huntflow.EventRef) []any {
	return []any{e.Time.UTC().Format(time.RFC3339), e.EventID, e.Host, e.Image, huntflow.Truncate(detailOf(e), 200)}
}

func briefEvents(refs []huntflow.EventRef, n int) [][]any {
	out := make([][]any, 0, min(len(refs), n))
	for _, r := range refs[:min(len(refs), n)] {
		out = append(out, briefEvent(r))
	}
	return out
}

func projectResult(r huntflow.HuntResult, findings []huntflow.Finding, c compaction) reportData {
	d := reportData{
		Windows: r.Windows, Iterations: r.Iterations, Events: r.Events,
		Confidence: r.Confidence, Category: r.Category, ThreatLevel: strings.ToUpper(r.ThreatLevel.String()),
		Stopped: r.Stopped, Findings: make([]reportFinding, 0, len(findings)), Techniques: []reportTechnique{},
	}
	refOf := map[string]string{}
	for i, f := range findings {
		refOf[f.ID] = "F" + strconv.Itoa(i+1)
		d.Findings = append(d.Findings, reportFinding{
			Ref: refOf[f.ID], Title: f.Title, Description: huntflow.Truncate(f.Description, 600), Severity: f.Severity.String(),
			Source: f.Source, Techniques: f.Techniques, Tactics: f.Tactics,
			Host: f.Host, User: f.User, Image: f.Image, CommandLine: huntflow.Truncate(f.CommandLine, 300),
			FirstSeen: f.FirstSeen.UTC(), LastSeen: f.LastSeen.UTC(), EventCount: max(f.EventCount, len(f.Events)),
			Events: briefEvents(f.Events, c.eventsPerFinding),
		})
	}
	for _, t := range r.Techniques {
		rt := reportTechnique{ID: t.ID, Name: t.Name, Findings: []string{}}
		for _, id := range t.Findings {
			if ref, ok := refOf[id]; ok {
				rt.Findings = append(rt.Findings, ref)
			}
		}
		d.Techniques = append(d.Techniques, rt)
	}
	if !c.enrichments {
		return d
	}
	for _, e := range r.Enrichments {
		ref, ok := refOf[e.FindingID]
		if !ok {
			continue
		}
		re := reportEnrichment{FindingRef: ref, Host: e.Host, HostEvents: e.HostEvents, ProcessEvents: e.ProcessEvents}
		if c.samples > 0 {
			if e.Parent != nil {
				re.Parent = briefEvent(*e.Parent)
			}
			re.Children = briefEvents(e.Children, c.samples)
		}
		d.Enrichments = append(d.Enrichments, re)
	}
	return d
}
