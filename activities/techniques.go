package activities

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/huntflow/huntflow"
)

// MapInput carries the findings to map. The LLM sees the few events each
// finding carries: its proposals must cite them.
type MapInput struct {
	Findings []huntflow.Finding `json:"findings"`
	UseLLM   bool               `json:"use_llm"`
	// LLMErrors fails the step on an LLM error, so Temporal retries it and
	// the hunt knows the LLM gave up; without it an LLM failure is a note
	// and the rule mapping stands (hunts started before the change).
	LLMErrors bool `json:"llm_errors,omitempty"`
}

// MapResult is the hunt's ATT&CK picture.
type MapResult struct {
	Techniques []huntflow.TechniqueHit `json:"techniques"`
	Notes      []string                `json:"notes,omitempty"`
	Usage      *huntflow.LLMUsage      `json:"llm_usage,omitempty"`
}

// MapTechniques maps findings to ATT&CK. Rule tags are the deterministic
// mapping; the LLM may propose more, tied to the findings and events it
// cites, and every ID, whoever proposed it, is checked against the
// catalogue before it can reach a report.
func (a *Activities) MapTechniques(ctx context.Context, in MapInput) (MapResult, error) {
	defer a.keepAlive(ctx)()
	var hits []huntflow.TechniqueHit
	for _, f := range in.Findings {
		if len(f.Detections) > 0 {
			// A merged finding: each technique takes the severity of the
			// rule that showed it, not the tree's worst.
			for _, d := range f.Detections {
				for _, id := range d.Techniques {
					hits = append(hits, huntflow.TechniqueHit{ID: id, Severity: d.Severity, Findings: []string{f.ID}, Source: sourceOf(f)})
				}
			}
			continue
		}
		for _, id := range f.Techniques {
			hits = append(hits, huntflow.TechniqueHit{ID: id, Severity: f.Severity, Findings: []string{f.ID}, Source: sourceOf(f)})
		}
	}
	var (
		notes []string
		usage *huntflow.LLMUsage
	)
	if in.UseLLM && a.Reasoner != nil && len(in.Findings) > 0 {
		var prop huntflow.TechniqueProposal
		err := a.withLLM(ctx, func() error {
			var err error
			prop, err = a.Reasoner.ProposeTechniques(ctx, in.Findings)
			return err
		})
		switch {
		case err != nil && in.LLMErrors:
			return MapResult{}, a.llmError("llm map techniques", err)
		case err != nil:
			// The rule mapping stands on its own; an LLM failure here costs
			// suggestions, not the hunt.
			notes = append(notes, fmt.Sprintf("LLM technique mapping failed, rule mapping kept: %v", err))
		default:
			usage = &prop.Usage
			a.metrics().LLMTokens(prop.Usage.PromptTokens, prop.Usage.CompletionTokens)
			notes = append(notes, prop.Notes...)
			llmHits, vnotes := a.vetProposals(hits, in.Findings, prop.Hits)
			notes = append(notes, vnotes...)
			hits = append(hits, llmHits...)
		}
	}
	if a.Catalogue == nil {
		return MapResult{Techniques: hits, Notes: notes, Usage: usage}, nil
	}
	resolved, cnotes := a.Catalogue.Resolve(hits)
	keepEvidence(resolved, hits)
	return MapResult{Techniques: resolved, Notes: append(notes, cnotes...), Usage: usage}, nil
}

// vetProposals keeps the LLM's proposals that fit the findings they cite:
// a proposal for a finding the rules tagged must share an ATT&CK tactic
// with the rules' techniques on it (an initial-access technique is no
// reading of an LSASS dump). Those that do not become notes.
func (a *Activities) vetProposals(ruleHits []huntflow.TechniqueHit, findings []huntflow.Finding, proposals []huntflow.TechniqueHit) ([]huntflow.TechniqueHit, []string) {
	if a.Catalogue == nil || len(proposals) == 0 {
		return proposals, nil
	}
	tactics := map[string][]string{} // finding ID: its tactics, from the rules
	resolvedRules, _ := a.Catalogue.Resolve(ruleHits)
	for _, h := range resolvedRules {
		for _, id := range h.Findings {
			tactics[id] = append(tactics[id], h.Tactics...)
		}
	}
	for _, f := range findings {
		tactics[f.ID] = append(tactics[f.ID], f.Tactics...)
	}
	var (
		out   []huntflow.TechniqueHit
		notes []string
	)
	for _, p := range proposals {
		resolved, _ := a.Catalogue.Resolve([]huntflow.TechniqueHit{p})
		if len(resolved) == 0 {
			out = append(out, p) // the catalogue's own note explains the drop
			continue
		}
		r := resolved[0]
		var fits, misfits []string
		for _, id := range p.Findings {
			if ft := tactics[id]; len(ft) == 0 || slices.ContainsFunc(r.Tactics, func(t string) bool { return slices.Contains(ft, t) }) {
				fits = append(fits, id)
			} else {
				misfits = append(misfits, id)
			}
		}
		if len(misfits) > 0 {
			notes = append(notes, fmt.Sprintf("the LLM proposed %s (%s; %s) for finding(s) %s, whose rules show %s; not attached",
				r.ID, r.Name, strings.Join(r.Tactics, ", "), strings.Join(misfits, ", "), strings.Join(uniq(tacticsOf(tactics, misfits)), ", ")))
		}
		if len(fits) > 0 {
			p.Findings = fits
			out = append(out, p)
		}
	}
	return out, notes
}

func tacticsOf(m map[string][]string, ids []string) []string {
	var out []string
	for _, id := range ids {
		out = append(out, m[id]...)
	}
	return out
}

func uniq(ss []string) []string {
	ss = slices.Clone(ss)
	slices.Sort(ss)
	return slices.Compact(ss)
}

// keepEvidence carries the events LLM proposals cite onto the resolved
// hits, which the catalogue rebuilds without them.
func keepEvidence(resolved, hits []huntflow.TechniqueHit) {
	byID := map[string]int{}
	for i, h := range resolved {
		byID[h.ID] = i
	}
	for _, h := range hits {
		if len(h.Events) == 0 {
			continue
		}
		for _, id := range []string{h.ID, strings.SplitN(h.ID, ".", 2)[0]} {
			if i, ok := byID[strings.ToUpper(strings.TrimSpace(id))]; ok {
				resolved[i].Events = uniq(append(resolved[i].Events, h.Events...))
				break
			}
		}
	}
}

func sourceOf(f huntflow.Finding) string {
	if f.Source == "llm" {
		return "llm"
	}
	return "rule"
}
