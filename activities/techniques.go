package activities

import (
	"context"
	"fmt"

	"github.com/huntflow/huntflow"
)

// MapInput carries the findings to map, without their event lists.
type MapInput struct {
	Findings []huntflow.Finding `json:"findings"`
	UseLLM   bool               `json:"use_llm"`
}

// MapResult is the hunt's ATT&CK picture.
type MapResult struct {
	Techniques []huntflow.TechniqueHit `json:"techniques"`
	Notes      []string                `json:"notes,omitempty"`
}

// MapTechniques maps findings to ATT&CK. Rule tags are the deterministic
// mapping; the LLM may propose more, but every ID, whoever proposed it, is
// checked against the catalogue before it can reach a report.
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
	var notes []string
	if in.UseLLM && a.Reasoner != nil && len(in.Findings) > 0 {
		var llmHits []huntflow.TechniqueHit
		err := a.withLLM(ctx, func() error {
			var err error
			llmHits, err = a.Reasoner.MapTechniques(ctx, in.Findings)
			return err
		})
		if err != nil {
			// The rule mapping stands on its own; an LLM failure here costs
			// suggestions, not the hunt.
			notes = append(notes, fmt.Sprintf("LLM technique mapping failed, rule mapping kept: %v", err))
		} else {
			hits = append(hits, llmHits...)
		}
	}
	if a.Catalogue == nil {
		return MapResult{Techniques: hits, Notes: notes}, nil
	}
	resolved, cnotes := a.Catalogue.Resolve(hits)
	return MapResult{Techniques: resolved, Notes: append(notes, cnotes...)}, nil
}

func sourceOf(f huntflow.Finding) string {
	if f.Source == "llm" {
		return "llm"
	}
	return "rule"
}
