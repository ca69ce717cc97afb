package openai

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	goopenai "github.com/sashabaranov/go-openai"

	"github.com/huntflow/huntflow"
)

const techniquesSystem = `You are a MITRE ATT&CK analyst. For each finding of a threat hunt in the data, propose the ATT&CK Enterprise techniques (and sub-techniques where the evidence supports one) that the finding shows. Consider the techniques the finding already has and add or refine; do not guess beyond the evidence.

` + untrustedRule + `
- Every "finding_id" you report must be the exact "id" of a finding in the data.

Reply with a single JSON object and nothing else, matching this schema:
{"mappings":[{"finding_id":"<id of a finding in the data>","techniques":["T1003.001"],"rationale":"<one sentence>"}]}
- techniques: ATT&CK technique IDs such as T1003 or T1003.001.
- mappings: an empty array when no technique fits.`

// maxTechniqueEvents caps the events shown per finding when mapping
// techniques: the first few carry the evidence.
const maxTechniqueEvents = 3

type techniqueFinding struct {
	ID          string        `json:"id"`
	Title       string        `json:"title"`
	Description string        `json:"description,omitempty"`
	RuleID      string        `json:"rule_id,omitempty"`
	Severity    string        `json:"severity"`
	Techniques  []string      `json:"techniques,omitempty"`
	Tactics     []string      `json:"tactics,omitempty"`
	Host        string        `json:"host,omitempty"`
	Image       string        `json:"image,omitempty"`
	CommandLine string        `json:"command_line,omitempty"`
	Events      []promptEvent `json:"events,omitempty"`
}

type techniquesReply struct {
	Mappings *[]struct {
		FindingID  string   `json:"finding_id"`
		Techniques []string `json:"techniques"`
		Rationale  string   `json:"rationale"`
	} `json:"mappings"`
}

// MapTechniques proposes ATT&CK techniques for findings. Mappings for
// finding IDs that were not in the input and malformed technique IDs are
// dropped; the catalogue check comes later in the pipeline.
func (a *Analyst) MapTechniques(ctx context.Context, findings []huntflow.Finding) ([]huntflow.TechniqueHit, error) {
	if len(findings) == 0 {
		return nil, nil
	}
	msgs, shown, err := a.techniquesPrompt(findings)
	if err != nil {
		return nil, fmt.Errorf("openai: map techniques: %w", err)
	}
	if len(shown) < len(findings) {
		a.log.WarnContext(ctx, "findings left out of the technique prompt for size", "shown", len(shown), "findings", len(findings))
	}

	var parsed techniquesReply
	err = a.converse(ctx, "map techniques", msgs, true, func(reply string) error {
		parsed = techniquesReply{}
		if err := decodeJSONReply(reply, &parsed); err != nil {
			return err
		}
		if parsed.Mappings == nil {
			return fmt.Errorf("missing required field(s): mappings")
		}
		return nil
	}, parseCorrection)
	if err != nil {
		return nil, err
	}

	byID := make(map[string]huntflow.Finding, len(shown))
	for _, f := range shown {
		byID[f.ID] = f
	}
	var (
		hits              []huntflow.TechniqueHit
		unknown, badTechs int
		seen              = map[[2]string]bool{}
	)
	for _, m := range *parsed.Mappings {
		f, ok := byID[strings.TrimSpace(m.FindingID)]
		if !ok {
			unknown++
			continue
		}
		techs, dropped := validTechniques(m.Techniques)
		badTechs += dropped
		for _, t := range techs {
			if seen[[2]string{f.ID, t}] {
				continue
			}
			seen[[2]string{f.ID, t}] = true
			hits = append(hits, huntflow.TechniqueHit{ID: t, Severity: f.Severity, Findings: []string{f.ID}, Source: "llm"})
		}
	}
	if unknown > 0 || badTechs > 0 {
		a.log.WarnContext(ctx, "dropped LLM technique mappings", "unknown_findings", unknown, "malformed_techniques", badTechs)
	}
	return hits, nil
}

// techniquesPrompt builds the prompt from as many findings, most severe
// first, as fit the budget, and returns the findings it shows: only those
// can be mapped.
func (a *Analyst) techniquesPrompt(findings []huntflow.Finding) ([]goopenai.ChatCompletionMessage, []huntflow.Finding, error) {
	shown := sortedBySeverity(findings)
	var items []techniqueFinding
	used := 0
	for i, f := range shown {
		tf := techniqueFinding{
			ID: f.ID, Title: f.Title, Description: huntflow.Truncate(f.Description, 1000), RuleID: f.RuleID,
			Severity: f.Severity.String(), Techniques: f.Techniques, Tactics: f.Tactics,
			Host: f.Host, Image: f.Image, CommandLine: huntflow.Truncate(f.CommandLine, huntflow.MaxCommandLine),
		}
		for _, e := range f.Events[:min(len(f.Events), maxTechniqueEvents)] {
			tf.Events = append(tf.Events, projectEvent(e))
		}
		b, err := json.Marshal(tf)
		if err != nil {
			return nil, nil, fmt.Errorf("marshal finding %s: %w", f.ID, err)
		}
		if used+len(b) > a.cfg.MaxPromptChars && len(items) > 0 {
			shown = shown[:i]
			break
		}
		used += len(b)
		items = append(items, tf)
	}
	block, err := dataBlock(struct {
		Findings []techniqueFinding `json:"findings"`
	}{items})
	if err != nil {
		return nil, nil, err
	}
	user := fmt.Sprintf("Findings: %d (%d shown, most severe first).\n\n%s", len(findings), len(items), block)
	return []goopenai.ChatCompletionMessage{
		{Role: goopenai.ChatMessageRoleSystem, Content: techniquesSystem},
		{Role: goopenai.ChatMessageRoleUser, Content: user},
	}, shown, nil
}
