package attack

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/huntflow/huntflow"
)

var techniqueIDPattern = regexp.MustCompile(`^T\d{4}(\.\d{3})?$`)

// Validate checks a technique ID that is about to reach a report. canonical
// is the ID to report, "" when ok is false; note, when not empty, says why
// canonical differs from id or what a reader should know about it:
//
//   - a current technique is returned as is (case and space normalised);
//   - a revoked technique becomes its replacement, or is rejected when
//     ATT&CK records none;
//   - a deprecated technique is kept, with a note, since ATT&CK has nothing
//     to replace it with;
//   - an unknown sub-technique of a known parent becomes the parent: LLMs
//     often invent sub-technique numbers for a real technique;
//   - anything else, unknown or malformed, is rejected.
func (c *Catalogue) Validate(id string) (canonical string, note string, ok bool) {
	norm := normalizeID(id)
	if !techniqueIDPattern.MatchString(norm) {
		return "", fmt.Sprintf("%q is not an ATT&CK technique ID", strings.TrimSpace(id)), false
	}
	t, found := c.techniques[norm]
	if !found {
		parent, _, isSub := strings.Cut(norm, ".")
		if !isSub {
			return "", fmt.Sprintf("%s is not in ATT&CK v%s", norm, c.version), false
		}
		p, pnote, pok := c.Validate(parent)
		if !pok {
			return "", fmt.Sprintf("%s is not in ATT&CK v%s, nor is its parent %s", norm, c.version, parent), false
		}
		note = fmt.Sprintf("%s is not in ATT&CK v%s; using its parent %s (%s)", norm, c.version, p, c.techniques[p].Name)
		if pnote != "" {
			note += "; " + pnote
		}
		return p, note, true
	}
	switch {
	case t.Revoked && t.ReplacedBy == "":
		return "", fmt.Sprintf("%s (%s) is revoked in ATT&CK v%s, which names no replacement", t.ID, t.Name, c.version), false
	case t.Revoked:
		r := c.techniques[t.ReplacedBy]
		note = fmt.Sprintf("%s (%s) is revoked in ATT&CK v%s; replaced by %s (%s)", t.ID, t.Name, c.version, r.ID, r.Name)
		if r.Deprecated {
			note += ", which is deprecated"
		}
		return r.ID, note, true
	case t.Deprecated:
		return t.ID, fmt.Sprintf("%s (%s) is deprecated in ATT&CK v%s and has no replacement", t.ID, t.Name, c.version), true
	}
	return t.ID, "", true
}

// Resolve validates the techniques of a hunt before they are reported. Each
// hit's ID goes through Validate: corrected, kept or dropped. Hits that end
// up with the same ID merge (union of findings, highest severity, "rule"
// source over any other since a rule tag is firmer evidence than an LLM's
// proposal). Name and Tactics come from the catalogue. The result is sorted
// the way the matrix reads: by first tactic, then ID. notes say what was
// corrected or dropped, in input order. hits is not modified.
func (c *Catalogue) Resolve(hits []huntflow.TechniqueHit) ([]huntflow.TechniqueHit, []string) {
	var (
		out   []huntflow.TechniqueHit
		byID  = make(map[string]int)
		notes []string
		seen  = make(map[string]bool)
	)
	addNote := func(n string) {
		if !seen[n] {
			seen[n] = true
			notes = append(notes, n)
		}
	}
	for _, h := range hits {
		id, note, ok := c.Validate(h.ID)
		newer := false
		if !ok && h.Source == "rule" && c.Newer(h.ID) {
			// A rule written against a later ATT&CK release: keep its tag
			// rather than drop what the rule says, and say so.
			id, ok, newer = normalizeID(h.ID), true, true
			note = fmt.Sprintf("%s is newer than ATT&CK v%s (the catalogue): kept as the rule tags it, without a name or tactics", id, c.version)
		}
		switch {
		case !ok:
			addNote(fmt.Sprintf("dropped %s%s: %s", strings.TrimSpace(h.ID), findingsSuffix(h.Findings), note))
			continue
		case note != "" && id != normalizeID(h.ID):
			addNote(fmt.Sprintf("mapped %s to %s: %s", strings.TrimSpace(h.ID), id, note))
		case note != "":
			addNote(fmt.Sprintf("kept %s: %s", id, note))
		}
		i, dup := byID[id]
		if !dup {
			t := c.techniques[id]
			if newer {
				t.Name = NewerName(c.version)
			}
			byID[id] = len(out)
			out = append(out, huntflow.TechniqueHit{
				ID:                 id,
				Name:               t.Name,
				Tactics:            slices.Clone(t.Tactics),
				Severity:           h.Severity,
				Findings:           slices.Clone(h.Findings),
				Source:             h.Source,
				NewerThanCatalogue: newer,
			})
			continue
		}
		m := &out[i]
		m.Severity = max(m.Severity, h.Severity)
		m.Findings = append(m.Findings, h.Findings...)
		if m.Source == "" || h.Source == "rule" {
			m.Source = h.Source
		}
	}
	for i := range out {
		f := out[i].Findings
		slices.Sort(f)
		out[i].Findings = slices.Compact(f)
		if out[i].Findings == nil {
			// Findings is not omitempty: say "none" as [] rather than null.
			out[i].Findings = []string{}
		}
	}
	slices.SortStableFunc(out, func(a, b huntflow.TechniqueHit) int {
		return cmp.Or(
			cmp.Compare(c.tacticOrder(a.Tactics), c.tacticOrder(b.Tactics)),
			cmp.Compare(a.ID, b.ID),
		)
	})
	return out, notes
}

// NewerName stands in for the name of a technique newer than ATT&CK
// version, so that the report's ATT&CK table marks it where the name
// would be.
func NewerName(version string) string {
	return "(newer than ATT&CK v" + version + "; not in the catalogue)"
}

func findingsSuffix(findings []string) string {
	if len(findings) == 0 {
		return ""
	}
	return " (findings " + strings.Join(findings, ", ") + ")"
}
