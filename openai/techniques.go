package openai

import (
	"context"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"

	goopenai "github.com/sashabaranov/go-openai"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/tokens"
)

const techniquesSystem = `You are a MITRE ATT&CK analyst. Propose the ATT&CK Enterprise techniques (sub-techniques where the evidence supports one) that the findings of a threat hunt show, beyond those they already have. Every proposal must cite its evidence: the findings ("ref" F1, F2, …) and the event rows (E1, E2, …) that show the technique. Propose nothing the events do not show.

` + untrustedRule + `

` + eventColumnsDoc + ` Each finding lists the rows of its events.

Reply with one JSON object only:
{"proposals":[{"technique":"T1003.001","finding_refs":["F1"],"event_refs":["E2"],"rationale":"one sentence"}]}
- proposals: [] when no technique fits beyond those the findings have.`

type techniquesReply struct {
	Proposals *[]techniqueProposal `json:"proposals"`
}

type techniqueProposal struct {
	Technique   string   `json:"technique"`
	FindingRefs []string `json:"finding_refs"`
	EventRefs   []string `json:"event_refs"`
	Rationale   string   `json:"rationale"`
}

var techniquesSchema = newReplySchema("technique_proposals", techniquesReply{})

// maxTechniqueEvents caps the events shown per finding when mapping
// techniques: the first few carry the evidence.
const maxTechniqueEvents = 3

type techniqueFinding struct {
	Ref        string   `json:"ref"`
	Title      string   `json:"title"`
	Severity   string   `json:"severity"`
	Techniques []string `json:"techniques,omitempty"`
	Tactics    []string `json:"tactics,omitempty"`
	Image      string   `json:"image,omitempty"`
	Events     []string `json:"events"`
}

// ProposeTechniques proposes ATT&CK techniques for findings. A proposal is
// kept only with its evidence: the findings it cites that were in the
// prompt, and events of those findings it cites. It takes the severity of
// that evidence. A proposal citing no such evidence, an unknown finding or
// a malformed ID is a note, never a technique; whether an ID exists is the
// ATT&CK catalogue's call, later in the pipeline.
func (a *Analyst) ProposeTechniques(ctx context.Context, findings []huntflow.Finding) (huntflow.TechniqueProposal, error) {
	var out huntflow.TechniqueProposal
	if len(findings) == 0 {
		return out, nil
	}
	p, err := a.techniquesPrompt(findings)
	if err != nil {
		return out, fmt.Errorf("openai: map techniques: %w", err)
	}
	if len(p.shown) < len(findings) {
		out.Notes = append(out.Notes, fmt.Sprintf("the LLM was shown %d of %d findings for technique mapping (prompt size)", len(p.shown), len(findings)))
	}

	var parsed techniquesReply
	out.Usage, err = a.converse(ctx, "map techniques", p.msgs, &techniquesSchema, func(reply string) error {
		parsed = techniquesReply{}
		if err := decodeJSONReply(reply, &parsed); err != nil {
			return err
		}
		if parsed.Proposals == nil {
			return fmt.Errorf("missing required field(s): proposals")
		}
		return nil
	}, parseCorrection)
	if err != nil {
		return out, err
	}

	seen := map[string]bool{}
	for _, pr := range *parsed.Proposals {
		ids, _ := validTechniques([]string{pr.Technique})
		if len(ids) == 0 {
			out.Notes = append(out.Notes, fmt.Sprintf("dropped an LLM technique proposal with a malformed ID %q", cleanText(pr.Technique, 40)))
			continue
		}
		id := ids[0]
		hit, ok := p.evidence(id, pr)
		if !ok {
			out.Notes = append(out.Notes, fmt.Sprintf("the LLM proposed %s without evidence from the findings it was shown (it cited findings %s and events %s); not attached", id, refList(pr.FindingRefs), refList(pr.EventRefs)))
			continue
		}
		key := id + "\x00" + strings.Join(hit.Findings, ",")
		if seen[key] {
			continue
		}
		seen[key] = true
		out.Hits = append(out.Hits, hit)
	}
	return out, nil
}

func refList(refs []string) string {
	if len(refs) == 0 {
		return "none"
	}
	var clean []string
	for _, r := range refs[:min(len(refs), 5)] {
		clean = append(clean, cleanText(r, 12))
	}
	return strings.Join(clean, ", ")
}

// techniquesPrompt is the mapping prompt, the findings it shows by ref and
// the event rows it shows.
type techniquesPrompt struct {
	msgs   []goopenai.ChatCompletionMessage
	shown  []huntflow.Finding
	byRef  map[string]huntflow.Finding
	rows   map[string]*eventRow
	rowsOf map[string][]string // finding ref: the refs of its rows
}

// evidence turns a proposal into a hit: the cited findings that were shown,
// with the cited rows that belong to them. The hit's severity is the
// evidence's: for a finding that merges several rules' detections, that of
// the detections on the cited events' processes.
func (p techniquesPrompt) evidence(id string, pr techniqueProposal) (huntflow.TechniqueHit, bool) {
	hit := huntflow.TechniqueHit{ID: id, Source: "llm"}
	for _, fr := range pr.FindingRefs {
		fr = strings.ToUpper(strings.TrimSpace(fr))
		f, ok := p.byRef[fr]
		if !ok {
			continue
		}
		var evs []huntflow.EventRef
		for _, er := range pr.EventRefs {
			er = strings.ToUpper(strings.TrimSpace(er))
			if slices.Contains(p.rowsOf[fr], er) {
				evs = append(evs, p.rows[er].events...)
			}
		}
		if len(evs) == 0 {
			continue
		}
		if !slices.Contains(hit.Findings, f.ID) {
			hit.Findings = append(hit.Findings, f.ID)
		}
		for _, e := range evs {
			if !slices.Contains(hit.Events, e.ID) {
				hit.Events = append(hit.Events, e.ID)
			}
		}
		hit.Severity = max(hit.Severity, evidenceSeverity(f, evs))
	}
	slices.Sort(hit.Findings)
	slices.Sort(hit.Events)
	return hit, len(hit.Findings) > 0
}

// evidenceSeverity is the severity of a finding's events: the finding's,
// or for a merged finding the highest of the detections that fired on the
// events' processes (the lowest of its detections when none matches).
func evidenceSeverity(f huntflow.Finding, evs []huntflow.EventRef) huntflow.Severity {
	if len(f.Detections) == 0 {
		return f.Severity
	}
	var sev, lowest huntflow.Severity
	lowest = huntflow.SeverityCritical
	for _, d := range f.Detections {
		lowest = min(lowest, d.Severity)
		for _, e := range evs {
			img := strings.ToLower(path.Base(strings.ReplaceAll(e.Image, `\`, "/")))
			if slices.ContainsFunc(d.Images, func(s string) bool { return strings.EqualFold(s, img) }) {
				sev = max(sev, d.Severity)
			}
		}
	}
	if sev == huntflow.SeverityNone {
		return lowest
	}
	return sev
}

// techniquesPrompt builds the prompt from as many findings, most severe
// first, as fit the budget.
func (a *Analyst) techniquesPrompt(findings []huntflow.Finding) (techniquesPrompt, error) {
	budget := a.promptBudget() - tokens.Messages(techniquesSystem, "") - 100
	if a.cfg.MaxPromptChars > 0 {
		budget = min(budget, a.cfg.MaxPromptChars/3)
	}
	sorted := sortedBySeverity(findings)
	var base huntflow.EventRef
	for _, f := range sorted {
		for _, e := range f.Events {
			if base.Time.IsZero() || e.Time.Before(base.Time) {
				base = e
			}
		}
	}
	t := newEventTable(base.Time, 300)
	p := techniquesPrompt{byRef: map[string]huntflow.Finding{}, rowsOf: map[string][]string{}}
	type pending struct {
		ref string
		f   huntflow.Finding
		evs []huntflow.EventRef
	}
	var items []pending
	for i, f := range sorted {
		ref := "F" + strconv.Itoa(i+1)
		cost := tokens.Count(f.Title) + tokens.Count(f.Image) + 20 + 4*len(f.Techniques)
		if cost > budget && len(items) > 0 {
			break
		}
		budget -= cost
		var evs []huntflow.EventRef
		for _, e := range f.Events[:min(len(f.Events), maxTechniqueEvents)] {
			if t.add(e, false, &budget) {
				evs = append(evs, e)
			}
		}
		items = append(items, pending{ref, f, evs})
	}
	rows, refOf := t.finish()
	p.rows = rows
	var tfs []techniqueFinding
	for _, it := range items {
		p.shown = append(p.shown, it.f)
		p.byRef[it.ref] = it.f
		tf := techniqueFinding{Ref: it.ref, Title: it.f.Title, Severity: it.f.Severity.String(), Techniques: it.f.Techniques,
			Tactics: it.f.Tactics, Image: it.f.Image, Events: []string{}}
		for _, e := range it.evs {
			if r, ok := refOf[e.ID]; ok && !slices.Contains(tf.Events, r) {
				tf.Events = append(tf.Events, r)
			}
		}
		p.rowsOf[it.ref] = tf.Events
		tfs = append(tfs, tf)
	}
	block, err := dataBlock(struct {
		Findings []techniqueFinding `json:"findings"`
		tableData
	}{tfs, t.data()})
	if err != nil {
		return p, err
	}
	user := fmt.Sprintf("Findings: %d (%d shown, most severe first).\n\n%s", len(findings), len(tfs), block)
	p.msgs = []goopenai.ChatCompletionMessage{
		{Role: goopenai.ChatMessageRoleSystem, Content: techniquesSystem},
		{Role: goopenai.ChatMessageRoleUser, Content: user},
	}
	return p, nil
}
